/**
 * One derivation pass over queued keys: from the touched records to every unit of the read model
 * they can affect, in dependency order (identities, production deployments, change attribution,
 * incidents, alerts, CI pairs, team classification, people, toil, rollups), then the versions of
 * the teams whose results changed.
 */
import {
  ALL_TIME,
  getChangeFactsByKeys,
  getChangesByKeys,
  getCiFactsByKeys,
  getCiRunsByKeys,
  getAlertFactsByKeys,
  getAlertsByKeys,
  getInterruptionFactsByPageKeys,
  getLastOnCallWeek,
  getPagesByKeys,
  getPersonZones,
  getRunKeys,
  getTeams,
  refreshIdentities,
  teamsOfPeople,
  teamsOwningRepos,
  bumpTeamVersions,
  deleteTeamFacts,
  getTeamsWithFacts,
  type Db,
  type SourcedKey,
  type TouchedKey,
} from "@opsledger/db";
import { WEEK, type MetricSettings } from "../metrics/index.ts";
import { Dirty, SpanMap } from "./dirty.ts";
import { rederivePerson } from "./full.ts";
import {
  deriveAlertKey,
  deriveChangeTime,
  deriveChanges,
  deriveCiPairs,
  deriveDeploys,
  deriveIncidents,
  derivePersonAlerts,
  derivePipeline,
  deriveTeamSpan,
  deriveToil,
  rollupPerson,
  rollupTeam,
  rollupTeamLedger,
} from "./units.ts";

const sourced = (keys: readonly TouchedKey[]): SourcedKey[] => keys.map(([source = "", id = ""]) => ({ source, id }));
const keyString = (k: SourcedKey): string => `${k.source}\u0000${k.id}`;

/** Bring the read model up to date with the writes of these keys (inside the deriver's transaction); returns the teams whose results changed. */
export async function deriveIncrement(trx: Db, settings: MetricSettings, touches: ReadonlyMap<string, TouchedKey[]>): Promise<string[]> {
  const dirty = new Dirty();
  const keysOf = (kind: string): TouchedKey[] => touches.get(kind) ?? [];

  // People: a changed person can move logins between people; those people are derived in full.
  const fullPeople = new Set<string>();
  if (keysOf("person").length > 0) {
    const { logins, people } = await refreshIdentities(trx);
    for (const [id = ""] of keysOf("person")) fullPeople.add(id);
    for (const p of people) fullPeople.add(p);
    dirty.pipelineRuns.addAll(await getRunKeys(trx, { triggeredBy: logins }));
    if (logins.length > 0) {
      const authored = await trx.selectFrom("changes").select(["source", "id", "repo"]).where("author", "in", logins).execute();
      for (const c of authored) {
        dirty.changesOf(c.repo).add(c);
        dirty.touchedChanges.add(c);
      }
      for (const d of await trx.selectFrom("fact_deploys").select(["source", "id"]).where("creator", "in", logins).execute()) dirty.toilDeploys.add(d);
    }
  }
  const fullTeams = new Set(keysOf("team").map(([id = ""]) => id));

  // Production deployments.
  const deployKeys = sourced(keysOf("deployment"));
  if (deployKeys.length > 0) await deriveDeploys(trx, settings, { keys: deployKeys }, dirty);

  // Changes: by the repo they are in now and the one their fact was in.
  const changeKeys = sourced(keysOf("change"));
  if (changeKeys.length > 0) {
    const [records, facts] = await Promise.all([getChangesByKeys(trx, changeKeys), getChangeFactsByKeys(trx, changeKeys)]);
    for (const c of [...records, ...facts]) {
      dirty.changesOf(c.repo).add(c);
      dirty.touchedChanges.add(c);
    }
  }
  const touchedChanges = new Set(dirty.touchedChanges.list().map(keyString));
  for (const [repo, keys] of [...dirty.changes.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) await deriveChanges(trx, settings, repo, keys.list(), touchedChanges, dirty);

  // Incidents (their records, and those whose first acknowledgement may have moved).
  for (const [, incidentId = ""] of keysOf("acknowledgement")) dirty.incidentIds.add(incidentId);
  const incidentKeys = sourced(keysOf("incident"));
  if (incidentKeys.length > 0 || dirty.incidentIds.size > 0) {
    await deriveIncidents(trx, settings, incidentKeys, [...dirty.incidentIds], new Set(incidentKeys.map(keyString)), dirty);
  }

  // Alerts, by key, before and after.
  const alertKeys = sourced(keysOf("alert"));
  if (alertKeys.length > 0) {
    const [records, facts] = await Promise.all([getAlertsByKeys(trx, alertKeys), getAlertFactsByKeys(trx, alertKeys)]);
    for (const a of [...records, ...facts]) dirty.alertKeys.add(a.key, a.createdAt);
  }
  for (const [key, span] of dirty.alertKeys.entries()) await deriveAlertKey(trx, key, span, dirty);

  // CI runs: whole pairs, before and after; and their pipeline toil.
  const runKeys = sourced(keysOf("ci_run"));
  if (runKeys.length > 0) {
    const [records, facts] = await Promise.all([getCiRunsByKeys(trx, runKeys), getCiFactsByKeys(trx, runKeys)]);
    for (const r of [...records, ...facts]) dirty.ciPair(r);
    dirty.pipelineRuns.addAll(runKeys);
  }
  if (dirty.ciPairs.size > 0) await deriveCiPairs(trx, { pairs: [...dirty.ciPairs.values()] }, dirty);

  // Pages and acknowledgements: the person's interruptions and engaged time.
  const pageKeys = sourced(keysOf("page"));
  if (pageKeys.length > 0) {
    const [records, facts] = await Promise.all([getPagesByKeys(trx, pageKeys), getInterruptionFactsByPageKeys(trx, pageKeys)]);
    for (const p of [...records, ...facts]) {
      dirty.personAlerts.add(p.person, p.at, p.at + 1);
      dirty.personIncident(p.person, p.incidentId);
    }
  }
  for (const [person = "", incidentId = ""] of keysOf("acknowledgement")) dirty.personIncident(person, incidentId);
  for (const [person = "", start = "0", end = "0"] of keysOf("oncall_shift")) {
    // A shift may have been shortened: its old weeks are whichever the person is still on call in.
    const last = await getLastOnCallWeek(trx, person);
    dirty.personWeeks.add(person, Number(start), Math.max(Number(end), last === null ? 0 : last + WEEK - 1));
  }
  for (const [, repo = ""] of keysOf("committer")) for (const teams of (await teamsOwningRepos(trx, [repo])).values()) for (const t of teams) dirty.versionTeams.add(t);
  // A repo's practices feed only the maturity scorecard (read from records): its teams' cached answers go stale.
  for (const [, repo = ""] of keysOf("repo_practice")) for (const teams of (await teamsOwningRepos(trx, [repo])).values()) for (const t of teams) dirty.versionTeams.add(t);
  for (const [, team = ""] of keysOf("maturity_declaration")) dirty.versionTeams.add(team);

  // Teams: classification of their deployments over the spans marked above, or all of it.
  const teams = new Map((await getTeams(trx)).map((t) => [t.id, t]));
  for (const id of fullTeams) {
    const team = teams.get(id);
    if (team === undefined) continue;
    await deriveTeamSpan(trx, settings, team, ALL_TIME, dirty);
  }
  for (const [id, span] of dirty.teamSpans.entries()) {
    const team = teams.get(id);
    if (team !== undefined && !fullTeams.has(id)) await deriveTeamSpan(trx, settings, team, span, dirty);
  }

  // People.
  const people = [...new Set([...fullPeople, ...dirty.personAlerts.spans.keys(), ...dirty.personIncidents.keys(), ...dirty.personDays.spans.keys()])];
  const zones = await getPersonZones(trx, people);
  for (const person of [...fullPeople].sort()) await rederivePerson(trx, settings, person, zones.get(person) ?? null, dirty);
  for (const person of people.sort()) {
    if (fullPeople.has(person)) continue;
    const span = dirty.personAlerts.spans.get(person) ?? null;
    const incidents = dirty.personIncidents.get(person) ?? new Set<string>();
    if (span !== null || incidents.size > 0) await derivePersonAlerts(trx, settings, person, span, incidents, zones.get(person) ?? null, dirty);
    const days = dirty.personDays.spans.get(person);
    if (days) await deriveChangeTime(trx, person, days, zones.get(person) ?? null, dirty);
  }
  if (dirty.pipelineRuns.size > 0) await derivePipeline(trx, settings, { keys: dirty.pipelineRuns.list() }, dirty);
  if (dirty.toilDeploys.size > 0) await deriveToil(trx, settings, { keys: dirty.toilDeploys.list() }, dirty);

  // Rollups and versions.
  // Teams are never deleted by a write, but a team record can stop naming what it owned: its facts were redone in full above.
  if (fullTeams.size > 0) for (const gone of (await getTeamsWithFacts(trx)).filter((t) => !teams.has(t))) await deleteTeamFacts(trx, gone);
  for (const id of fullTeams) {
    const team = teams.get(id);
    if (team !== undefined) await rollupTeam(trx, team, ALL_TIME);
    dirty.versionTeams.add(id);
  }
  for (const [id, span] of dirty.teamWeeks.entries()) {
    const team = teams.get(id);
    if (team !== undefined && !fullTeams.has(id)) await rollupTeam(trx, team, span);
  }
  for (const [person, span] of dirty.personWeeks.entries()) await rollupPerson(trx, person, span);
  // Teams' ledgers, after their members' rollups: over the weeks any member's changed, or all of time for a team whose record changed (its members may have).
  const teamsOf = await teamsOfPeople(trx, [...new Set([...dirty.personWeeks.spans.keys(), ...fullPeople])]);
  const ledgerSpans = new SpanMap();
  for (const [person, span] of dirty.personWeeks.entries()) for (const t of teamsOf.get(person) ?? []) ledgerSpans.add(t, span.from, span.to);
  for (const id of fullTeams) ledgerSpans.add(id, ALL_TIME.from, ALL_TIME.to);
  for (const [id, span] of ledgerSpans.entries()) {
    const team = teams.get(id);
    if (team !== undefined) await rollupTeamLedger(trx, team, span);
  }
  // A person record that changed (a name, a zone) shows in their teams' answers even without activity.
  for (const list of teamsOf.values()) for (const t of list) dirty.versionTeams.add(t);
  const changed = [...dirty.versionTeams].sort();
  await bumpTeamVersions(trx, changed);
  return changed;
}
