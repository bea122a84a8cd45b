/**
 * Derivation from scratch: of one person (their logins or zone changed), or of everything
 * (`opsledger rederive`, a first start, settings that facts depend on changed, a write too large
 * to follow key by key). The same units as an increment, over all of time.
 */
import {
  ALL_TIME,
  allUnits,
  bumpTeamVersions,
  deletePersonFacts,
  getPersonActivitySpan,
  getPersonZones,
  getTeams,
  loginsOfPerson,
  refreshIdentities,
  type Db,
} from "@opsledger/db";
import type { MetricSettings } from "../metrics/index.ts";
import { Dirty } from "./dirty.ts";
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

/** The tables the deriver owns, emptied before a full derivation. */
const FACT_TABLES = [
  "fact_deploys",
  "fact_deploy_flags",
  "fact_changes",
  "fact_team_deploys",
  "fact_deploy_links",
  "fact_incidents",
  "fact_alerts",
  "fact_ci_runs",
  "fact_interruptions",
  "fact_ledger",
  "rollup_team_week",
  "rollup_team_week_values",
  "rollup_ci_workflow_week",
  "rollup_ci_workflow_day",
  "rollup_team_day",
  "rollup_team_day_values",
  "rollup_person_week",
  "rollup_person_day",
  "rollup_team_ledger_week",
  "rollup_team_ledger_day",
  "rollup_alert_key_week",
  "rollup_alert_key_day",
] as const;

/** A person's facts from scratch: interruptions and engaged time over their activity, time on changes over their changes. */
export async function rederivePerson(trx: Db, settings: MetricSettings, person: string, zone: string | null, dirty: Dirty, fresh = false): Promise<void> {
  if (!fresh) await deletePersonFacts(trx, person);
  const activity = await getPersonActivitySpan(trx, person);
  if (activity !== null) await derivePersonAlerts(trx, settings, person, activity, new Set(), zone, dirty, true);
  const logins = await loginsOfPerson(trx, person);
  if (logins.length > 0) {
    const row = await trx
      .selectFrom("fact_changes")
      .select((eb) => [eb.fn.min<number>("started_at").as("lo"), eb.fn.max<number>("merged_at").as("hi")])
      .where("author", "in", logins)
      .executeTakeFirst();
    if (row?.lo !== null && row?.lo !== undefined && row.hi !== null) await deriveChangeTime(trx, person, { from: Number(row.lo), to: Number(row.hi) }, zone, dirty);
  }
  if (activity !== null) dirty.personWeeks.add(person, activity.from, activity.to);
}

/** Every fact and rollup from the records, in the caller's transaction. Returns the teams. */
export async function deriveAll(trx: Db, settings: MetricSettings, log: (line: string) => void = () => {}): Promise<string[]> {
  const started = performance.now();
  const dirty = new Dirty();
  for (const table of FACT_TABLES) await trx.deleteFrom(table).execute();
  await trx.deleteFrom("fact_identities").execute();
  await refreshIdentities(trx);
  const units = await allUnits(trx);
  const step = (what: string) => log(`rederive: ${what} (${Math.round(performance.now() - started)} ms)`);

  for (const repo of units.repos) await deriveDeploys(trx, settings, { repo }, null);
  step(`production deployments of ${units.repos.length} repos`);
  for (const repo of units.repos) await deriveChanges(trx, settings, repo, "all", new Set(), null);
  step("change attribution");
  await deriveIncidents(trx, settings, "all", [], new Set(), dirty);
  for (const key of units.keys) await deriveAlertKey(trx, key, ALL_TIME, null);
  for (const repo of units.repos) await deriveCiPairs(trx, { repo }, null);
  step(`incidents, alerts of ${units.keys.length} keys, CI runs`);

  const teams = await getTeams(trx);
  for (const team of teams) await deriveTeamSpan(trx, settings, team, ALL_TIME, null);
  step(`deployments of ${teams.length} teams classified`);

  const zones = await getPersonZones(trx, units.people);
  for (const person of units.people) await rederivePerson(trx, settings, person, zones.get(person) ?? null, dirty, true);
  for (const repo of units.repos) {
    await derivePipeline(trx, settings, { repo }, dirty, true);
    await deriveToil(trx, settings, { repo }, dirty, true);
  }
  step(`ledger of ${units.people.length} people`);

  for (const team of teams) await rollupTeam(trx, team, ALL_TIME);
  for (const [person, span] of dirty.personWeeks.entries()) await rollupPerson(trx, person, span);
  for (const team of teams) await rollupTeamLedger(trx, team, ALL_TIME);
  step("weekly rollups");
  const ids = teams.map((t) => t.id);
  await bumpTeamVersions(trx, ids);
  return ids;
}
