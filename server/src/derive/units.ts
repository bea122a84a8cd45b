/**
 * The units of derivation: each reads the records (and earlier facts) one unit of the read model
 * depends on, calls the metric module's pure functions, replaces the unit's facts, and marks in
 * `Dirty` the units its change can affect. All of them run inside the deriver's transaction.
 * The dependencies each unit reads are the ones its function's doc names (metrics/*.ts); the
 * spans here are chosen so that a fact outside them cannot depend on what changed
 * (docs/decisions/0012-read-model.md).
 */
import {
  ALL_TIME,
  getAcksOf,
  getAcksOfIncidents,
  getAcksOfPersonFor,
  getAlertsOfKey,
  getAlertFactsOfKey,
  replaceAlertKeyPeriods,
  getAllFirstAckRows,
  getAllIncidents,
  replaceAllIncidentFacts,
  getAuthorsOfShas,
  getChangeFactsByKeys,
  getChangeFactsOfAuthors,
  getChangeKeysAttributedTo,
  getChangeKeysMergedBetween,
  getChangeKeysWithShas,
  getChangesByKeys,
  getChangesOfRepo,
  getCiFactsByKeys,
  getRepoCiFactsBetween,
  replaceCiWorkflowDays,
  replaceCiWorkflowWeeks,
  getCiRunsByKeys,
  getDeployFactsBetween,
  getDeployFactsByIds,
  getDeployFactsByKeys,
  getDeployLinksOfIncidents,
  getDeploymentCommitShas,
  getDeploymentCommitsForShas,
  getDeploymentCommitsOfRepo,
  getDeploymentsByKeys,
  getDeploymentsOfRepo,
  getEmailPageTimes,
  getFirstAckRows,
  getFirstDeployFactFrom,
  getIncidentFactsByKeys,
  getIncidentsByIds,
  getIncidentsByKeys,
  getIncidentsNaming,
  getIncidentsOfServices,
  getInterruptedIncidents,
  getInterruptionFactsOf,
  getLedgerItemsOf,
  getLedgerItemsOfRecords,
  insertLedgerItems,
  getPagesOf,
  getPersonZones,
  getPreviousDeployTime,
  getRepoDeployFacts,
  getSuccessfulRunsOfRepo,
  replaceDeployFlagsOfRepo,
  getRunKeys,
  getRunsOfPairs,
  getRunsOfRepo,
  getShiftsOf,
  getShippedChangeFacts,
  getTeamFacts,
  loginsOfPerson,
  personsOfLogins,
  replaceAlertFactsOfKey,
  replaceChangeFacts,
  replaceChangeFactsOfRepo,
  replaceCiFactsOfPairs,
  replaceCiFactsOfRepo,
  replaceDeployFacts,
  replaceDeployFactsOfRepo,
  replaceIncidentFacts,
  replaceInterruptions,
  replaceLedgerOfRecords,
  replaceLedgerSpan,
  getPersonDays,
  getPersonWeeks,
  replacePersonDays,
  replacePersonWeeks,
  replaceTeamLedger,
  replaceTeamDeployFacts,
  replaceTeamDayValues,
  replaceTeamDays,
  replaceTeamWeeks,
  replaceTeamWeekValues,
  teamsOwningRepos,
  teamsOwningServices,
  type AlertFact,
  type ChangeFact,
  type CiPair,
  type CiRunFact,
  type DeployFact,
  type Db,
  type Deployment,
  type Incident,
  type LedgerItem,
  type SourcedKey,
  type Team,
} from "@opsledger/db";
import {
  REPEAT_MS,
  WEEK,
  alertAndIncidentItems,
  alertFact,
  alertKeyPeriods,
  attributeToShipping,
  changeFact,
  changeTimeItems,
  ciRunFacts,
  ciWorkflowWeeksOf,
  classifyAlerts,
  classifyProduction,
  deployFact,
  deployFlagsOf,
  isUntraced,
  deploymentItems,
  deploymentOfFact,
  engagedSpan,
  engagedTime,
  firstAcksOf,
  incidentFact,
  isBotLogin,
  pageFactsOf,
  isoWeekStart,
  teamLedgersOf,
  utcDayStart,
  localDay,
  matchesRework,
  MERGE_MS,
  pipelineItems,
  personWeeksOf,
  ISO_WEEK,
  UTC_DAY,
  skippedAcks,
  teamDeployFact,
  teamWeek,
  dayBuckets,
  weekBuckets,
  weekMeasures,
  workStartedAt,
  HOUR,
  type MetricSettings,
  type ShippedChange,
  type WeekFacts,
} from "../metrics/index.ts";
import { SpanMap, type Dirty, type Span } from "./dirty.ts";

const failureWindowMs = (settings: MetricSettings): number => settings.failureWindowHours * HOUR;

const unique = <T>(values: Iterable<T>): T[] => [...new Set(values)];

/** The teams owning each repo or service, each team with every point added at the given instants. */
async function markRepoTeams(trx: Db, dirty: Dirty, points: readonly { repo: string; from: number; to: number }[], also: (team: string, p: { from: number; to: number }) => void): Promise<void> {
  const owners = await teamsOwningRepos(
    trx,
    unique(points.map((p) => p.repo)),
  );
  for (const p of points) for (const team of owners.get(p.repo) ?? []) also(team, p);
  for (const teams of owners.values()) for (const t of teams) dirty.versionTeams.add(t);
}

async function markServiceTeams(trx: Db, dirty: Dirty, points: readonly { service: string; from: number; to: number }[], also: (team: string, p: { from: number; to: number }) => void): Promise<void> {
  const owners = await teamsOwningServices(
    trx,
    unique(points.map((p) => p.service)),
  );
  for (const p of points) for (const team of owners.get(p.service) ?? []) also(team, p);
  for (const teams of owners.values()) for (const t of teams) dirty.versionTeams.add(t);
}

// ---------------------------------------------------------------- production deployments

/**
 * Production deployment facts of the given deployments (or every one of a repo). Marks: the
 * team deployments whose classification can move (the deployment itself, the one before it in
 * its repo — its rollback and recovery — and those within the failure window before it, whose
 * incidents it may take over), the changes whose attribution can move (those attributed to it,
 * those whose shas it lists, and, for one without a commit list, those merged since the previous
 * such deployment), and its deployment toil.
 */
export async function deriveDeploys(trx: Db, settings: MetricSettings, scope: { keys: SourcedKey[] } | { repo: string }, dirty: Dirty | null): Promise<void> {
  let old: DeployFact[];
  let facts: DeployFact[];
  // The repos whose deployments changed, staging ones included: their flags are made again whole.
  let repos: string[];
  if ("repo" in scope) {
    old = await getRepoDeployFacts(trx, scope.repo);
    facts = (await getDeploymentsOfRepo(trx, scope.repo)).flatMap((d) => deployFact(d, settings) ?? []);
    await replaceDeployFactsOfRepo(trx, scope.repo, facts);
    repos = [scope.repo];
  } else {
    const [records, before] = await Promise.all([getDeploymentsByKeys(trx, scope.keys), getDeployFactsByKeys(trx, scope.keys)]);
    old = before;
    facts = records.flatMap((d) => deployFact(d, settings) ?? []);
    await replaceDeployFacts(trx, scope.keys, facts);
    repos = unique([...records.map((d) => d.repo), ...old.map((f) => f.repo)]);
  }
  for (const repo of repos) await deriveDeployFlags(trx, settings, repo);
  // A staging run moves the scorecard (its flags) without moving any production fact: its teams' cached answers are stale too.
  if (dirty !== null) await markRepoTeams(trx, dirty, repos.map((repo) => ({ repo, from: 0, to: 0 })), () => {});
  // A full derivation redoes every unit anyway: nothing to mark.
  if (dirty === null) return;
  const fw = failureWindowMs(settings);
  const points: { repo: string; from: number; to: number }[] = [];
  for (const f of [...old, ...facts]) {
    const previous = await getPreviousDeployTime(trx, f.repo, f.deployedAt);
    points.push({ repo: f.repo, from: Math.min(f.deployedAt - fw, previous ?? f.deployedAt), to: f.deployedAt });
    dirty.toilDeploys.add(f);
  }
  await markRepoTeams(trx, dirty, points, (team, p) => dirty.teamSpans.add(team, p.from, p.to));

  const ids = unique([...old, ...facts].map((f) => f.id));
  for (const c of await getChangeKeysAttributedTo(trx, ids)) dirty.changesOf(c.repo).add(c);
  const listed = await getDeploymentCommitShas(trx, facts.filter((f) => f.hasCommitList));
  for (const c of await getChangeKeysWithShas(trx, listed)) dirty.changesOf(c.repo).add(c);
  for (const f of facts) {
    if (f.rollback || f.hasCommitList) continue;
    const previous = await getPreviousDeployTime(trx, f.repo, f.deployedAt, true);
    for (const c of await getChangeKeysMergedBetween(trx, f.repo, previous ?? ALL_TIME.from, f.deployedAt)) dirty.changesOf(f.repo).add(c);
  }
}

/**
 * What the maturity scorecard asks of each production deployment of a repo (staged first, a
 * redeploy of an earlier sha): each depends on the repo's other deployments, so the repo's flags
 * are made again whole.
 */
async function deriveDeployFlags(trx: Db, settings: MetricSettings, repo: string): Promise<void> {
  const [line, runs] = await Promise.all([getRepoDeployFacts(trx, repo), getSuccessfulRunsOfRepo(trx, repo)]);
  const flags = deployFlagsOf(
    line.map((d) => ({ source: d.source, id: d.id, sha: d.sha, at: d.deployedAt })),
    runs,
    settings.isStaging,
  );
  // The deployment's own columns the scorecard counts ride along, so its window reads one index.
  const byKey = new Map(line.map((d) => [`${d.source}\u0000${d.id}`, d]));
  await replaceDeployFlagsOfRepo(
    trx,
    repo,
    flags.flatMap((f) => {
      const d = byKey.get(`${f.source}\u0000${f.id}`);
      return d === undefined ? [] : [{ ...f, deployedAt: d.deployedAt, rollback: d.rollback, trigger: d.trigger, creator: d.creator, untraced: isUntraced(d) }];
    }),
  );
}

// ---------------------------------------------------------------- changes

/**
 * Change facts of the given changes of a repo (or all of them): attribution to the repo's
 * production deployments by commits or time, lead-time parts, fix flag, ops fraction. Marks the
 * team deployments they were and are attributed to, the toil of those deployments, the team
 * weeks they fall in, and — for changes whose record was written — their author's days and the
 * CI runs on their shas.
 */
export async function deriveChanges(trx: Db, settings: MetricSettings, repo: string, keys: SourcedKey[] | "all", touched: ReadonlySet<string>, dirty: Dirty | null): Promise<void> {
  const changes = keys === "all" ? await getChangesOfRepo(trx, repo) : (await getChangesByKeys(trx, keys)).filter((c) => c.repo === repo);
  const old = keys === "all" ? [] : await getChangeFactsByKeys(trx, keys);
  const deploys = await getRepoDeployFacts(trx, repo);
  const commitRows =
    keys === "all"
      ? await getDeploymentCommitsOfRepo(trx, repo)
      : await getDeploymentCommitsForShas(
          trx,
          unique(changes.flatMap((c) => [c.mergeSha, ...c.commits])),
        );
  const shasOf = new Map<string, string[]>();
  for (const r of commitRows) {
    const k = `${r.source}\u0000${r.deploymentId}`;
    const list = shasOf.get(k);
    if (list) list.push(r.sha);
    else shasOf.set(k, [r.sha]);
  }
  const shipping: Deployment[] = deploys.filter((d) => !d.rollback).map((d) => deploymentOfFact(d, shasOf.get(`${d.source}\u0000${d.id}`) ?? []));
  const sourceOf = new Map(deploys.map((d) => [d.id, d.source]));
  const facts: ChangeFact[] = attributeToShipping(changes, new Map([[repo, shipping]]), settings).map((c) =>
    changeFact(
      c,
      workStartedAt(c.change),
      matchesRework(c.change, settings),
      settings.ledger.opsFraction(c.change.repo, c.change.files, c.change.labels),
      c.deploymentId === null ? null : (sourceOf.get(c.deploymentId) ?? null),
    ),
  );
  if (keys === "all") await replaceChangeFactsOfRepo(trx, repo, facts);
  else await replaceChangeFacts(trx, keys, facts);
  if (dirty === null) return;

  const both = [...old, ...facts];
  const deployedAt = new Map(deploys.map((d) => [d.id, d]));
  const points: { repo: string; from: number; to: number }[] = [];
  for (const f of both) {
    points.push({ repo: f.repo, from: f.mergedAt, to: f.mergedAt });
    if (f.deployedAt !== null) points.push({ repo: f.repo, from: f.deployedAt, to: f.deployedAt });
    const d = f.deploymentId === null ? undefined : deployedAt.get(f.deploymentId);
    if (d) dirty.toilDeploys.add(d);
  }
  await markRepoTeams(trx, dirty, points, (team, p) => {
    dirty.teamSpans.add(team, p.from, p.to);
    dirty.teamWeeks.add(team, p.from, p.to);
  });
  if (keys !== "all" && old.length > 0) {
    // A change attributed elsewhere before: that deployment's repo may be another one.
    for (const d of await getDeployFactsByIds(trx, unique(old.flatMap((f) => (f.deploymentId === null ? [] : [f.deploymentId]))))) dirty.toilDeploys.add(d);
  }

  const written = keys === "all" ? changes : changes.filter((c) => touched.has(`${c.source}\u0000${c.id}`));
  if (written.length === 0) return;
  dirty.pipelineRuns.addAll(await getRunKeys(trx, { shas: unique(written.flatMap((c) => [c.mergeSha, ...c.commits])) }));
  const writtenKeys = new Set(written.map((c) => `${c.source}\u0000${c.id}`));
  const spans = both.filter((f) => writtenKeys.has(`${f.source}\u0000${f.id}`));
  const people = await personsOfLogins(
    trx,
    unique(spans.map((f) => f.author)),
  );
  for (const f of spans) {
    const person = people.get(f.author);
    if (person !== undefined) dirty.personDays.add(person, f.startedAt, f.mergedAt);
  }
}

// ---------------------------------------------------------------- incidents

/**
 * Incident facts (first acknowledgement, time to restore, time to acknowledge). For incidents
 * whose record was written, marks what their failure charges can move: the deployments within
 * the failure window before them on the teams owning their service, the deployments they name
 * (as cause or fix) now and were linked to before, and the engaged time of whoever acknowledged them.
 */
export async function deriveIncidents(trx: Db, settings: MetricSettings, keys: SourcedKey[] | "all", ids: string[], touched: ReadonlySet<string>, dirty: Dirty): Promise<void> {
  if (keys === "all") {
    const [all, firstAcks] = await Promise.all([getAllIncidents(trx), getAllFirstAckRows(trx)]);
    await replaceAllIncidentFacts(
      trx,
      all.map((i) => incidentFact(i, firstAcks.get(i.id) ?? null)),
    );
    return;
  }
  const byId = ids.length > 0 ? await getIncidentsByIds(trx, ids) : [];
  const recordsByKey = new Map<string, Incident>();
  for (const i of [...(await getIncidentsByKeys(trx, keys)), ...byId]) recordsByKey.set(`${i.source}\u0000${i.id}`, i);
  const records = [...recordsByKey.values()];
  const allKeyMap = new Map<string, SourcedKey>();
  for (const k of [...keys, ...records]) allKeyMap.set(`${k.source}\u0000${k.id}`, { source: k.source, id: k.id });
  const allKeys = [...allKeyMap.values()];
  const old = await getIncidentFactsByKeys(trx, allKeys);
  const firstAck = await getFirstAckRows(
    trx,
    unique(records.map((i) => i.id)),
  );
  const facts = records.map((i) => incidentFact(i, firstAck.get(i.id) ?? null));
  await replaceIncidentFacts(trx, allKeys, facts);
  await markServiceTeams(
    trx,
    dirty,
    [...old, ...facts].map((f) => ({ service: f.service, from: f.createdAt, to: f.createdAt })),
    (team, p) => dirty.teamWeeks.add(team, p.from, p.to),
  );

  const written = records.filter((i) => touched.has(`${i.source}\u0000${i.id}`));
  if (written.length === 0) return;
  const fw = failureWindowMs(settings);
  const writtenOld = old.filter((f) => touched.has(`${f.source}\u0000${f.id}`));
  await markServiceTeams(
    trx,
    dirty,
    [...written, ...writtenOld].map((i) => ({ service: i.service, from: i.createdAt - fw, to: i.createdAt })),
    (team, p) => dirty.teamSpans.add(team, p.from, p.to),
  );
  const named = await getDeployFactsByIds(
    trx,
    unique(written.flatMap((i) => [i.deploymentId, i.fixDeploymentId].filter((d): d is string => d !== null))),
  );
  await markRepoTeams(
    trx,
    dirty,
    named.map((d) => ({ repo: d.repo, from: d.deployedAt, to: d.deployedAt })),
    (team, p) => dirty.teamSpans.add(team, p.from, p.to),
  );
  const incidentIds = unique(written.map((i) => i.id));
  for (const link of await getDeployLinksOfIncidents(trx, incidentIds)) {
    dirty.teamSpans.add(link.teamId, link.deployedAt);
    dirty.versionTeams.add(link.teamId);
  }
  for (const a of await getAcksOfIncidents(trx, incidentIds)) dirty.personIncident(a.person, a.incidentId);
}

// ---------------------------------------------------------------- alerts

/**
 * Alert facts of a key over a span: an alert's noise depends on the alert before it of the same
 * key (a repeat within 24 h), so the alerts up to a day after the span are classified again too.
 */
export async function deriveAlertKey(trx: Db, key: string, span: Span, dirty: Dirty | null): Promise<void> {
  const to = span.to + REPEAT_MS;
  const { previous, alerts } = await getAlertsOfKey(trx, key, span.from, to);
  const classified = classifyAlerts(previous === null ? alerts : [previous, ...alerts]);
  const facts = classified.filter((c) => c.alert !== previous).map(alertFact);
  const oldServices = await trx.selectFrom("fact_alerts").select(["service"]).distinct().where("key", "=", key).where("created_at", ">=", span.from).where("created_at", "<=", to).execute();
  await replaceAlertFactsOfKey(trx, key, span.from, to, facts);
  await rollupAlertKey(trx, key, { from: span.from, to }, facts);
  if (dirty === null) return;
  const services = unique([...oldServices.map((r) => r.service), ...facts.map((f) => f.service)]);
  await markServiceTeams(
    trx,
    dirty,
    services.map((service) => ({ service, from: Math.max(span.from, ALL_TIME.from), to: Math.min(to, ALL_TIME.to) })),
    (team, p) => dirty.teamWeeks.add(team, p.from, p.to),
  );
}

/**
 * A key's rollup rows per service and ISO week, and per UTC day, over the whole weeks holding a
 * span whose facts were replaced (its end included): the alert quality endpoint's keys read these.
 */
async function rollupAlertKey(trx: Db, key: string, span: Span, derived: readonly AlertFact[]): Promise<void> {
  const { from, to } = rollupRange(span);
  // Over all time the facts just derived are all the key's; a span's weeks reach past it.
  const facts = span.from <= ALL_TIME.from && span.to >= ALL_TIME.to ? derived : await getAlertFactsOfKey(trx, key, from, to);
  await replaceAlertKeyPeriods(trx, key, from, to, alertKeyPeriods(facts, isoWeekStart), alertKeyPeriods(facts, utcDayStart));
}

// ---------------------------------------------------------------- CI runs

/** A repo's CI per workflow over a span of whole weeks (so whole days), per ISO week and per UTC day, from its run facts in it. */
async function replaceCiWorkflowPeriods(trx: Db, repo: string, span: Span, facts: readonly CiRunFact[]): Promise<void> {
  await replaceCiWorkflowWeeks(trx, repo, span.from, span.to, ciWorkflowWeeksOf(facts));
  await replaceCiWorkflowDays(trx, repo, span.from, span.to, ciWorkflowWeeksOf(facts, utcDayStart));
}

/** CI run facts of whole (repo, workflow, sha) pairs (or a repo's): a pair's flakiness and first run depend on all its runs. */
export async function deriveCiPairs(trx: Db, scope: { pairs: CiPair[] } | { repo: string }, dirty: Dirty | null): Promise<void> {
  const runs = "repo" in scope ? await getRunsOfRepo(trx, scope.repo) : await getRunsOfPairs(trx, scope.pairs);
  const facts = ciRunFacts(runs);
  const oldTimes =
    "repo" in scope
      ? []
      : await getCiFactsByKeys(
          trx,
          runs.map((r) => ({ source: r.source, id: r.id })),
        );
  if ("repo" in scope) {
    await replaceCiFactsOfRepo(trx, scope.repo, facts);
    await replaceCiWorkflowPeriods(trx, scope.repo, ALL_TIME, facts);
  } else {
    await replaceCiFactsOfPairs(trx, scope.pairs, facts);
    // The weeks the runs were in and are in now, per repo: made again from the repo's facts.
    const spans = new SpanMap();
    for (const f of [...oldTimes, ...facts]) spans.add(f.repo, isoWeekStart(f.startedAt), isoWeekStart(f.startedAt) + WEEK);
    for (const [repo, span] of spans.entries()) await replaceCiWorkflowPeriods(trx, repo, span, await getRepoCiFactsBetween(trx, repo, span.from, span.to));
  }
  if (dirty === null) return;
  await markRepoTeams(
    trx,
    dirty,
    [...oldTimes, ...facts].map((f) => ({ repo: f.repo, from: f.startedAt, to: f.startedAt })),
    (team, p) => dirty.teamWeeks.add(team, p.from, p.to),
  );
}

// ---------------------------------------------------------------- a team's deployments

/**
 * A team's classified deployments over a span: its production deployments deployed in it, with
 * what their classification reads (classifyProduction): the deployments in the failure window
 * around the span, the next one of each repo after it, the incidents on the team's services
 * opened in the span or its failure window after it, the incidents naming them, and the changes
 * they shipped.
 */
export async function deriveTeamSpan(trx: Db, settings: MetricSettings, team: Team, span: Span, dirty: Dirty | null): Promise<void> {
  const fw = failureWindowMs(settings);
  const prod = await getDeployFactsBetween(trx, team.repos, span.from - fw, span.to + fw + 1);
  const nexts = span.to >= ALL_TIME.to ? [] : (await Promise.all(team.repos.map((repo) => getFirstDeployFactFrom(trx, repo, span.to + fw + 1)))).filter((d): d is DeployFact => d !== null);
  const inSpan = prod.filter((d) => d.deployedAt >= span.from && d.deployedAt <= span.to);
  const ids = inSpan.map((d) => d.id);
  const [serviceIncidents, naming, shippedFacts] = await Promise.all([
    getIncidentsOfServices(trx, team.services, span.from, span.to + fw + 1),
    getIncidentsNaming(trx, ids),
    getShippedChangeFacts(trx, ids),
  ]);
  const incidents = new Map<string, Incident>();
  for (const i of [...serviceIncidents, ...naming]) incidents.set(`${i.source}\u0000${i.id}`, i);
  const shipped: ShippedChange[] = shippedFacts.flatMap((c) => (c.deploymentId === null ? [] : [{ deploymentId: c.deploymentId, changeId: c.id, fix: c.fix }]));
  const classified = classifyProduction(
    [...prod, ...nexts].map((d) => deploymentOfFact(d, null)),
    [...incidents.values()],
    shipped,
    team,
    settings,
  );
  const keep = new Set(ids);
  const facts = classified.filter((c) => keep.has(c.deployment.id) && c.deployedAt >= span.from && c.deployedAt <= span.to).map((c) => teamDeployFact(team.id, c));
  const fixes = new Map<string, string[]>();
  for (const i of incidents.values()) {
    if (i.fixDeploymentId === null) continue;
    const list = fixes.get(i.fixDeploymentId) ?? [];
    list.push(i.id);
    fixes.set(i.fixDeploymentId, list);
  }
  await replaceTeamDeployFacts(trx, team.id, span.from, span.to, facts, fixes);
  dirty?.teamWeeks.add(team.id, span.from, span.to);
  dirty?.versionTeams.add(team.id);
}

// ---------------------------------------------------------------- a person's alerts and incidents

/**
 * Extend [from, to) until no page lies within the merge distance outside it: then whether a page
 * inside counts depends only on pages inside (DESIGN "Interruption": folded when within 60 s of
 * the previously counted one).
 */
async function pageClosure(trx: Db, person: string, span: Span): Promise<Span> {
  let { from, to } = span;
  for (;;) {
    const before = await trx.selectFrom("pages").select("at").where("person", "=", person).where("channel", "!=", "email").where("at", ">=", from - MERGE_MS).where("at", "<", from).orderBy("at").limit(1).executeTakeFirst();
    const after = await trx.selectFrom("pages").select("at").where("person", "=", person).where("channel", "!=", "email").where("at", ">=", to).where("at", "<=", to + MERGE_MS).orderBy("at", "desc").limit(1).executeTakeFirst();
    if (before === undefined && after === undefined) return { from, to };
    if (before !== undefined) from = before.at;
    if (after !== undefined) to = after.at + 1;
  }
}

/**
 * Extend [from, to) until no engaged span crosses its ends: engaged time is split between
 * overlapping spans, so spans inside depend only on spans inside. Returns the first
 * acknowledgements (per incident, over all time) whose spans start inside.
 */
async function engagedClosure(trx: Db, settings: MetricSettings, person: string, span: Span): Promise<{ span: Span; acks: { incidentId: string; at: number }[]; incidents: Map<string, Incident> }> {
  const cap = settings.engagedCapHours * HOUR;
  let { from, to } = span;
  for (;;) {
    const rows = await getAcksOf(trx, person, from - cap, to + 1);
    const incidentIds = unique(rows.map((a) => a.incidentId));
    const first = firstAcksOf(await getAcksOfPersonFor(trx, person, incidentIds));
    const incidents = new Map((await getIncidentsByIds(trx, incidentIds)).map((i) => [i.id, i]));
    let lo = from;
    let hi = to;
    for (const a of first) {
      const s = engagedSpan(a, incidents.get(a.incidentId), settings);
      if (s === null) continue;
      if (s.start < from && s.end > from) lo = Math.min(lo, s.start);
      if (s.start < to && s.end > to) hi = Math.max(hi, s.end);
    }
    if (lo === from && hi === to) return { span: { from, to }, acks: first.filter((a) => a.at >= from && a.at < to), incidents };
    from = lo;
    hi = Math.max(hi, to);
    to = hi;
  }
}

/**
 * A person's interruptions and alert/incident ledger items over a span (widened to the closures
 * above), and over the engaged spans of `incidents` (their category depends on whether the person
 * was interrupted for them).
 */
export async function derivePersonAlerts(trx: Db, settings: MetricSettings, person: string, span: Span | null, incidents: ReadonlySet<string>, zone: string | null, dirty: Dirty, whole = false): Promise<void> {
  const incidentIds = new Set(incidents);
  if (whole && span !== null) return derivePersonHistory(trx, settings, person, span, zone, dirty);
  if (span !== null) {
    const pageSpan = await pageClosure(trx, person, span);
    const pages = await getPagesOf(trx, person, pageSpan.from, pageSpan.to);
    const facts = pageFactsOf(pages, zone);
    const counted = facts.filter((f) => f.counted);
    await replaceInterruptions(trx, person, pageSpan.from, pageSpan.to, facts);
    await replaceLedgerSpan(
      trx,
      person,
      { categories: ["alerts"], recordKinds: ["page"] },
      pageSpan.from,
      pageSpan.to,
      alertAndIncidentItems(person, counted, [], new Set(), new Map(), settings),
    );
    dirty.personWeeks.add(person, pageSpan.from, pageSpan.to);
    // Whether an incident's engaged time is an alert's or an incident's depends on these pages.
    for (const p of pages) if (p.channel !== "email") incidentIds.add(p.incidentId);
  }
  // The engaged spans to redo: the span's own, those of incidents whose category or span may have
  // moved — where they were (their old pieces) and where they are — and the weeks of every
  // acknowledgement of those incidents (one may now engage nothing, and is noted).
  const acksOfIncidents = await getAcksOfPersonFor(trx, person, [...incidentIds]);
  for (const a of acksOfIncidents) dirty.personWeeks.add(person, a.at);
  const oldPieces = await getLedgerItemsOfRecords(
    trx,
    "incident",
    [...incidentIds].map((id) => ({ source: "", id })),
    { anySource: true, person },
  );
  const starts = [
    ...(span === null ? [] : [span.from, span.to]),
    ...firstAcksOf(acksOfIncidents).map((a) => a.at),
    ...oldPieces.flatMap((i) => [i.at, i.at + i.minutes * 60_000]),
  ];
  if (starts.length === 0) return;
  const closed = await engagedClosure(trx, settings, person, { from: Math.min(...starts), to: Math.max(...starts) + 1 });
  const { pieces } = engagedTime(closed.acks, closed.incidents, settings);
  const interrupted = await getInterruptedIncidents(
    trx,
    person,
    unique(pieces.map((p) => p.incidentId)),
  );
  const sources = new Map([...closed.incidents.values()].map((i) => [i.id, i.source]));
  await replaceLedgerSpan(
    trx,
    person,
    { categories: ["alerts", "incidents"], recordKinds: ["incident"] },
    closed.span.from,
    closed.span.to,
    alertAndIncidentItems(person, [], pieces, interrupted, sources, settings),
  );
  dirty.personWeeks.add(person, closed.span.from, closed.span.to);
}

/** `derivePersonAlerts` over a span holding all of a person's pages and acknowledgements: no closure to find. */
async function derivePersonHistory(trx: Db, settings: MetricSettings, person: string, span: Span, zone: string | null, dirty: Dirty): Promise<void> {
  const cap = settings.engagedCapHours * HOUR;
  const [pages, acks] = await Promise.all([getPagesOf(trx, person, span.from, span.to), getAcksOf(trx, person, span.from, span.to)]);
  const facts = pageFactsOf(pages, zone);
  const counted = facts.filter((f) => f.counted);
  const first = firstAcksOf(acks);
  const incidents = new Map((await getIncidentsByIds(trx, unique(first.map((a) => a.incidentId)))).map((i) => [i.id, i]));
  const { pieces } = engagedTime(first, incidents, settings);
  const interrupted = new Set(counted.map((i) => i.incidentId));
  const sources = new Map([...incidents.values()].map((i) => [i.id, i.source]));
  await replaceInterruptions(trx, person, span.from, span.to + cap, facts);
  await replaceLedgerSpan(trx, person, { categories: ["alerts", "incidents"], recordKinds: ["page", "incident"] }, span.from, span.to + cap, alertAndIncidentItems(person, counted, pieces, interrupted, sources, settings));
  dirty.personWeeks.add(person, span.from, span.to + cap);
}

// ---------------------------------------------------------------- pipeline and deployment toil

/** Pipeline toil of these CI runs (or a repo's): charged to the people whose changes hold the run's sha (when it failed) and to who re-ran it. */
export async function derivePipeline(trx: Db, settings: MetricSettings, scope: { keys: SourcedKey[] } | { repo: string }, dirty: Dirty, fresh = false): Promise<void> {
  const runs = "repo" in scope ? await getRunsOfRepo(trx, scope.repo) : await getCiRunsByKeys(trx, scope.keys);
  const keys = "repo" in scope ? runs.map((r) => ({ source: r.source, id: r.id })) : scope.keys;
  const authors = await getAuthorsOfShas(
    trx,
    unique(runs.map((r) => r.sha)),
  );
  const logins = unique([...[...authors.values()].flatMap((list) => list.filter((a) => !a.bot).map((a) => a.author)), ...runs.flatMap((r) => (r.triggeredBy === null ? [] : [r.triggeredBy]))]);
  const people = await personsOfLogins(trx, logins);
  const items = runs.flatMap((run) => {
    const owners = (authors.get(run.sha) ?? []).flatMap((a) => (a.bot ? [] : (people.get(a.author) ?? [])));
    return pipelineItems(run, owners, run.triggeredBy === null ? null : (people.get(run.triggeredBy) ?? null), settings);
  });
  if (fresh) return insertLedger(trx, items, dirty);
  await markLedgerPeople(trx, "ci_run", keys, items, dirty);
  await replaceLedgerOfRecords(trx, "ci_run", keys, items);
}

/** Deployment toil of these production deployments (or a repo's; see ledger.ts deploymentItems). */
export async function deriveToil(trx: Db, settings: MetricSettings, scope: { keys: SourcedKey[] } | { repo: string }, dirty: Dirty, fresh = false): Promise<void> {
  const deploys = "repo" in scope ? await getRepoDeployFacts(trx, scope.repo) : await getDeployFactsByKeys(trx, scope.keys);
  const keys = "repo" in scope ? deploys.map((d) => ({ source: d.source, id: d.id })) : scope.keys;
  const fixes = (await getShippedChangeFacts(
    trx,
    deploys.map((d) => d.id),
  )).filter((c) => c.fix);
  const logins = unique([...deploys.flatMap((d) => (d.creator === null ? [] : [d.creator])), ...fixes.map((c) => c.author)]);
  const people = await personsOfLogins(trx, logins);
  const personOf = (login: string | null): string | null => (login === null || isBotLogin(login) ? null : (people.get(login) ?? null));
  const items = deploys.flatMap((d) => {
    const mine = fixes.filter((c) => c.deploymentId === d.id);
    return deploymentItems(d, { creator: personOf(d.creator), fixAuthors: mine.flatMap((c) => (c.excluded === "bot" ? [] : (personOf(c.author) ?? []))), hotfix: mine.length > 0 }, settings);
  });
  if (fresh) return insertLedger(trx, items, dirty);
  await markLedgerPeople(trx, "deployment", keys, items, dirty);
  await replaceLedgerOfRecords(trx, "deployment", keys, items);
}

/** Items of records that had none (a full derivation starts from empty tables). */
async function insertLedger(trx: Db, items: readonly LedgerItem[], dirty: Dirty): Promise<void> {
  await insertLedgerItems(trx, items);
  for (const item of items) dirty.personWeeks.add(item.person, item.at);
}

/** The weeks of the people the records' items are charged to, before and after. */
async function markLedgerPeople(trx: Db, kind: LedgerItem["recordKind"], keys: SourcedKey[], items: readonly LedgerItem[], dirty: Dirty): Promise<void> {
  for (const item of [...(await getLedgerItemsOfRecords(trx, kind, keys)), ...items]) dirty.personWeeks.add(item.person, item.at);
}

// ---------------------------------------------------------------- a person's time on changes

/** A person's estimated time on changes (ops changes, author time) over the local working days overlapping a span. */
export async function deriveChangeTime(trx: Db, person: string, span: Span, zone: string | null, dirty: Dirty): Promise<void> {
  const from = localDay(span.from, zone).start;
  const to = localDay(span.to, zone).end;
  const logins = await loginsOfPerson(trx, person);
  const changes = (await getChangeFactsOfAuthors(trx, logins, from, to)).filter((c) => c.excluded !== "bot");
  await replaceLedgerSpan(trx, person, { categories: ["ops_changes", "author_time"], recordKinds: ["change", "day"] }, from, to, changeTimeItems(person, zone, changes, from, to));
  dirty.personWeeks.add(person, from, to);
}

// ---------------------------------------------------------------- rollups

const weekRange = (span: Span): Span => ({ from: isoWeekStart(span.from), to: isoWeekStart(span.to) + WEEK });

/** The whole weeks a rollup over a span is rewritten over; a span reaching either end of time is all of time. */
const rollupRange = (span: Span): Span => (span.from <= ALL_TIME.from || span.to >= ALL_TIME.to ? ALL_TIME : weekRange(span));

/** Each period's measures' sorted values, as value rows. */
const valuesOf = (buckets: readonly [number, WeekFacts][]) =>
  buckets.flatMap(([weekStart, f]) => Object.entries(weekMeasures(f)).map(([measure, sorted]) => ({ weekStart, measure, sorted })));

/**
 * A team's weeks and their UTC days over a span (whole weeks, so whole days), from its facts: a
 * window reads its whole weeks' rows and, at its edges, its whole days' (services/teamWindow.ts).
 */
export async function rollupTeam(trx: Db, team: Team, span: Span): Promise<void> {
  const { from, to } = rollupRange(span);
  const facts = await getTeamFacts(trx, team, from, to);
  const weeks = weekBuckets(facts);
  const days = dayBuckets(facts);
  await replaceTeamWeeks(trx, team.id, from, to, weeks.map(([week, f]) => teamWeek(week, f)));
  await replaceTeamWeekValues(trx, team.id, from, to, valuesOf(weeks));
  await replaceTeamDays(trx, team.id, from, to, days.map(([day, f]) => teamWeek(day, f)));
  await replaceTeamDayValues(trx, team.id, from, to, valuesOf(days));
}

/**
 * A person's weeks and their UTC days over a span (whole weeks, so whole days), from their ledger
 * items, interruptions, shifts and skipped records: a window reads its whole weeks' rows and, at
 * its edges, its whole days' (services/teamWindow.ts).
 */
export async function rollupPerson(trx: Db, person: string, span: Span): Promise<void> {
  const { from, to } = weekRange(span);
  const [items, interruptions, shifts, emails, acks] = await Promise.all([
    getLedgerItemsOf(trx, person, from, to),
    getInterruptionFactsOf(trx, person, from, to),
    getShiftsOf(trx, person, from, to),
    getEmailPageTimes(trx, person, from, to),
    getAcksOf(trx, person, from, to),
  ]);
  const incidents = new Map(
    (await getIncidentsByIds(
      trx,
      unique(acks.map((a) => a.incidentId)),
    )).map((i) => [i.id, i]),
  );
  const skipped = { emails, acks: skippedAcks(acks, incidents) };
  await replacePersonWeeks(trx, person, from, to, personWeeksOf(person, items, interruptions, shifts, from, to, skipped, ISO_WEEK));
  await replacePersonDays(trx, person, from, to, personWeeksOf(person, items, interruptions, shifts, from, to, skipped, UTC_DAY));
}

/**
 * A team's ledger weeks and their UTC days over a span (whole weeks, so whole days): its members'
 * person rollups summed (`teamLedgersOf`), so the ops share of a window reads a row per week, not
 * one per member and week. Runs after the members' rollups over the span are written.
 */
export async function rollupTeamLedger(trx: Db, team: Team, span: Span): Promise<void> {
  const { from, to } = rollupRange(span);
  const [weeks, days] = await Promise.all([getPersonWeeks(trx, team.members, from, to), getPersonDays(trx, team.members, from, to)]);
  await replaceTeamLedger(trx, team.id, from, to, teamLedgersOf(weeks), teamLedgersOf(days));
}

export { getPersonZones };
