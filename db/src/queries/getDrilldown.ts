/**
 * Drill-downs: the facts a figure counted, with what the records add for people to read (titles,
 * links, names), newest first, a page at a time. Each reads the same facts, with the same
 * filters, as the figure it explains, so a figure and its records agree by construction.
 */
import { sql, type RawBuilder } from "kysely";
import type { Db } from "../connection.ts";
import { byCodeUnit, notIndexed } from "../dialect.ts";
import type { EpochMs } from "../model.ts";
import type { AlertFact, ChangeFact, CiRunFact, InterruptionFact, LedgerCategory, LedgerItem, TeamDeployFact } from "../facts/model.ts";
import { alertFactFromRow, changeFactFromRow, ciRunFactFromRow, interruptionFactFromRow, ledgerItemFromRow, teamDeployFactFromRow } from "../facts/rows.ts";

export interface PageRequest {
  offset: number;
  limit: number;
}

export interface RecordsPage<T> {
  items: T[];
  total: number;
}

const none = ["\u0000none"];
const listOrNone = (values: readonly string[]): string[] => (values.length > 0 ? [...values] : none);

/*
 * How a page is found. A page is rows [offset, offset + limit) of the facts newest first (time,
 * then id by code unit, then source), and its total counts the same facts. Each query reads the
 * facts alone through an index — a fact has exactly one record (the same natural key; records are
 * never deleted), so the records are joined only for the page's rows. A page is counted from
 * whichever end of the order it is nearer (the oldest end in the reverse order), so the last page
 * costs what the first does. Two ways to the same rows:
 * - walking time: the "newest" index (migration 2026-12-20T0300) from the end, keeping the
 *   team's, stopping after offset + limit of them: no sort; cheap when the team holds a fair share
 *   of the facts at that end (a big team's first and last pages);
 * - by member: every fact of the team's repos (services, people) in the range, through the
 *   (member, time) index, the offset + limit first kept: cheap when the team has few facts.
 * The walk is bounded: it reads only facts up to the time of the `depth`-th fact from its end of
 * the range (any team's) — a prefix of the order, so its rows are the order's — and a small team
 * cannot make it read the whole range; when that prefix holds fewer rows than the page needs, the
 * page is read by member.
 */

/** The walk reads at least this many facts from its end of the range ... */
const WALK_MIN = 1000;
/** ... and up to this many per row up to the page's end, before the page is read by member instead. */
const WALK_PER_ROW = 10;
/** Deeper than this, the walk reads the whole range (the offset's rows are read either way). */
const WALK_MAX = 2 ** 31;

/** Which rows of the order one query reads (see above). */
interface Read {
  newestFirst: boolean;
  offset: number;
  limit: number;
  /** Walking time (else by member), down to (newest first) or up to `bound`, inclusive; null: the whole range. */
  walk: boolean;
  bound: EpochMs | null;
}

type Range = { from: EpochMs; to: EpochMs };

/** The part of the range a read looks at: [from, to), cut at the walk's bound. */
function spanOf(range: Range, read: Read | null): Range {
  if (read === null || !read.walk || read.bound === null) return range;
  return read.newestFirst ? { from: Math.max(range.from, read.bound), to: range.to } : { from: range.from, to: Math.min(range.to, read.bound + 1) };
}

/** The member column (repo, service, person) as a read compares it: not an index key when walking time. */
const memberOf = (db: Db, column: string, read: Read | null): RawBuilder<string> => (read?.walk === true ? notIndexed(db, column) : sql<string>`${sql.ref(column)}`);

/** A query in the drill-down order (time, then text columns by code unit), or its reverse. */
function inOrder<Q extends { orderBy: (expression: RawBuilder<unknown>, direction: "asc" | "desc") => Q }>(db: Db, query: Q, time: RawBuilder<number>, ties: readonly string[], newestFirst: boolean): Q {
  return ties.reduce((q, column) => q.orderBy(byCodeUnit(db, column), newestFirst ? "asc" : "desc"), query.orderBy(time, newestFirst ? "desc" : "asc"));
}

/** How many rows a query of facts selects. */
async function countOf<Q extends { select: (selection: RawBuilder<unknown>) => { executeTakeFirst: () => Promise<unknown> } }>(query: Q): Promise<number> {
  const row = (await query.select(sql<number>`count(*)`.as("n") as unknown as RawBuilder<unknown>).executeTakeFirst()) as { n: number | string } | undefined;
  return Number(row?.n ?? 0);
}

/** The time of the n-th fact of a table in the range from one end (any team's); null when it holds fewer. */
async function nthFromEnd(db: Db, table: string, time: RawBuilder<number>, range: Range, n: number, newestFirst: boolean): Promise<EpochMs | null> {
  const { rows } = await sql<{ t: EpochMs }>`select ${time} as t from ${sql.table(table)} where ${time} >= ${range.from} and ${time} < ${range.to} order by ${time} ${sql.raw(newestFirst ? "desc" : "asc")} limit 1 offset ${n - 1}`.execute(db);
  return rows[0] === undefined ? null : Number(rows[0].t);
}

async function findPage<R>(page: PageRequest, reads: { total: () => Promise<number>; nth: (n: number, newestFirst: boolean) => Promise<EpochMs | null>; rows: (read: Read) => Promise<R[]> }): Promise<RecordsPage<R>> {
  const total = await reads.total();
  const wanted = Math.max(0, Math.min(page.limit, total - page.offset));
  if (wanted === 0) return { items: [], total };
  const fromOldest = total - page.offset - wanted;
  const newestFirst = page.offset <= fromOldest;
  const offset = newestFirst ? page.offset : fromOldest;
  const depth = Math.min(WALK_MAX, Math.max(WALK_MIN, WALK_PER_ROW * (offset + wanted)));
  const walked = await reads.rows({ newestFirst, offset, limit: wanted, walk: true, bound: await reads.nth(depth, newestFirst) });
  return { items: walked.length === wanted ? walked : await reads.rows({ newestFirst, offset, limit: wanted, walk: false, bound: null }), total };
}

const mapItems = <R, T>(page: RecordsPage<R>, item: (row: R) => T): RecordsPage<T> => ({ items: page.items.map(item), total: page.total });

export interface DeploymentRow extends TeamDeployFact {
  environment: string;
  sha: string;
  rollback: boolean;
  url: string | null;
}

/** A team's production deployments deployed in [from, to); only failed ones, or reworked ones, when asked. */
export async function getDeploymentsPage(
  db: Db,
  teamId: string,
  range: { from: EpochMs; to: EpochMs },
  filter: { failed?: boolean; rework?: boolean; repo?: string },
  page: PageRequest,
): Promise<RecordsPage<DeploymentRow>> {
  const time = sql<number>`${sql.ref("f.deployed_at")}`;
  const ties = ["f.id", "f.source"];
  const facts = (read: Read | null) => {
    const span = spanOf(range, read);
    let q = db.selectFrom("fact_team_deploys as f").where("f.team_id", "=", teamId).where("f.deployed_at", ">=", span.from).where("f.deployed_at", "<", span.to);
    if (filter.failed === true) q = q.where("f.failed", "=", 1);
    if (filter.rework === true) q = q.where("f.rework", "=", 1);
    if (filter.repo !== undefined) q = q.where("f.repo", "=", filter.repo);
    return q;
  };
  // One team's facts: its part of fact_team_deploys_newest is already in order, so a read walks it
  // from either end and stops after the page; there is no member list to read by instead.
  const rows = (read: Read) => {
    const keys = inOrder(db, facts(null).select(["f.source", "f.id"]), time, ties, read.newestFirst).offset(read.offset).limit(read.limit);
    const query = db
      .selectFrom(keys.as("k"))
      .innerJoin("fact_team_deploys as f", (j) => j.on("f.team_id", "=", teamId).onRef("f.source", "=", "k.source").onRef("f.id", "=", "k.id"))
      .innerJoin("deployments as d", (j) => j.onRef("d.source", "=", "f.source").onRef("d.id", "=", "f.id"))
      .selectAll("f")
      .select(["d.environment as environment", "d.sha as sha", "d.rollback as record_rollback", "d.url as url"]);
    return inOrder(db, query, time, ties, true).execute();
  };
  const found = await findPage(page, { total: () => countOf(facts(null)), nth: async () => null, rows });
  return mapItems(found, (r) => ({ ...teamDeployFactFromRow(r), environment: r.environment, sha: r.sha, rollback: r.record_rollback === 1, url: r.url }));
}

export interface ChangeRow extends ChangeFact {
  number: number;
  title: string | null;
  url: string | null;
}

/** Changes of some repos deployed in [from, to) (the lead-time population), and those merged in it that nothing shipped. */
export async function getChangesPage(db: Db, repos: readonly string[], range: { from: EpochMs; to: EpochMs }, filter: { repo?: string; author?: string }, page: PageRequest): Promise<RecordsPage<ChangeRow>> {
  // A change's deployed_at is set exactly when a deployment is attributed to it (changeFact takes
  // both from one attribution), so "deployed in the range, or merged in it and never deployed" is
  // "the time it is listed at, coalesce(deployed_at, merged_at), in the range": one indexed time.
  const time = sql<number>`coalesce(${sql.ref("f.deployed_at")}, ${sql.ref("f.merged_at")})`;
  const ties = ["f.id", "f.source"];
  const facts = (read: Read | null) => {
    const span = spanOf(range, read);
    let q = db
      .selectFrom("fact_changes as f")
      .where(memberOf(db, "f.repo", read), "in", listOrNone(filter.repo === undefined ? repos : repos.filter((r) => r === filter.repo)))
      .where(time, ">=", span.from)
      .where(time, "<", span.to);
    if (filter.author !== undefined) q = q.where("f.author", "=", filter.author);
    return q;
  };
  const rows = (read: Read) => {
    const keys = inOrder(db, facts(read).select(["f.source", "f.id"]), time, ties, read.newestFirst).offset(read.offset).limit(read.limit);
    const query = db
      .selectFrom(keys.as("k"))
      .innerJoin("fact_changes as f", (j) => j.onRef("f.source", "=", "k.source").onRef("f.id", "=", "k.id"))
      .innerJoin("changes as c", (j) => j.onRef("c.source", "=", "f.source").onRef("c.id", "=", "f.id"))
      .selectAll("f")
      .select(["c.number as number", "c.title as title", "c.url as url"]);
    return inOrder(db, query, time, ties, true).execute();
  };
  const listedAt = sql<number>`coalesce(${sql.ref("deployed_at")}, ${sql.ref("merged_at")})`;
  const found = await findPage(page, { total: () => countOf(facts(null)), nth: (n, newestFirst) => nthFromEnd(db, "fact_changes", listedAt, range, n, newestFirst), rows });
  return mapItems(found, (r) => ({ ...changeFactFromRow(r), number: r.number, title: r.title, url: r.url }));
}

export interface IncidentRow {
  source: string;
  id: string;
  service: string;
  title: string;
  urgency: "high" | "low";
  createdAt: EpochMs;
  acknowledgedAt: EpochMs | null;
  resolvedAt: EpochMs | null;
  firstAckAt: EpochMs | null;
  restoreMinutes: number | null;
  deploymentId: string | null;
  fixDeploymentId: string | null;
  url: string | null;
}

/** Incidents of some services created in [from, to) (the time-to-restore population). */
export async function getIncidentsPage(db: Db, services: readonly string[], range: { from: EpochMs; to: EpochMs }, filter: { service?: string }, page: PageRequest): Promise<RecordsPage<IncidentRow>> {
  const time = sql<number>`${sql.ref("f.created_at")}`;
  const ties = ["f.id", "f.source"];
  const facts = (read: Read | null) => {
    const span = spanOf(range, read);
    return db
      .selectFrom("fact_incidents as f")
      .where(memberOf(db, "f.service", read), "in", listOrNone(filter.service === undefined ? services : services.filter((s) => s === filter.service)))
      .where("f.created_at", ">=", span.from)
      .where("f.created_at", "<", span.to);
  };
  const rows = (read: Read) => {
    const keys = inOrder(db, facts(read).select(["f.source", "f.id"]), time, ties, read.newestFirst).offset(read.offset).limit(read.limit);
    const query = db
      .selectFrom(keys.as("k"))
      .innerJoin("fact_incidents as f", (j) => j.onRef("f.source", "=", "k.source").onRef("f.id", "=", "k.id"))
      .innerJoin("incidents as i", (j) => j.onRef("i.source", "=", "f.source").onRef("i.id", "=", "f.id"))
      .select([
        "i.source as source",
        "i.id as id",
        "i.service as service",
        "i.title as title",
        "i.urgency as urgency",
        "i.created_at as created_at",
        "i.acknowledged_at as acknowledged_at",
        "i.resolved_at as resolved_at",
        "f.first_ack_at as first_ack_at",
        "f.restore_minutes as restore_minutes",
        "i.deployment_id as deployment_id",
        "i.fix_deployment_id as fix_deployment_id",
        "i.url as url",
      ]);
    return inOrder(db, query, time, ties, true).execute();
  };
  const found = await findPage(page, { total: () => countOf(facts(null)), nth: (n, newestFirst) => nthFromEnd(db, "fact_incidents", sql<number>`${sql.ref("created_at")}`, range, n, newestFirst), rows });
  return mapItems(
    found,
    (r): IncidentRow => ({
      source: r.source,
      id: r.id,
      service: r.service,
      title: r.title,
      urgency: r.urgency === "low" ? "low" : "high",
      createdAt: r.created_at,
      acknowledgedAt: r.acknowledged_at,
      resolvedAt: r.resolved_at,
      firstAckAt: r.first_ack_at,
      restoreMinutes: r.restore_minutes,
      deploymentId: r.deployment_id,
      fixDeploymentId: r.fix_deployment_id,
      url: r.url,
    }),
  );
}

/** An alert's fact (which carries how it ended) with what its record adds. */
export interface AlertRow extends AlertFact {
  incidentId: string | null;
  acknowledgedAt: EpochMs | null;
}

/** Alerts of some services created in [from, to). */
export async function getAlertsPage(db: Db, services: readonly string[], range: { from: EpochMs; to: EpochMs }, filter: { service?: string; key?: string; noise?: boolean }, page: PageRequest): Promise<RecordsPage<AlertRow>> {
  const time = sql<number>`${sql.ref("f.created_at")}`;
  const ties = ["f.id", "f.source"];
  const facts = (read: Read | null) => {
    const span = spanOf(range, read);
    let q = db
      .selectFrom("fact_alerts as f")
      .where(memberOf(db, "f.service", read), "in", listOrNone(filter.service === undefined ? services : services.filter((s) => s === filter.service)))
      .where("f.created_at", ">=", span.from)
      .where("f.created_at", "<", span.to);
    if (filter.key !== undefined) q = q.where("f.key", "=", filter.key);
    if (filter.noise !== undefined) q = q.where("f.noise_reason", filter.noise ? "is not" : "is", null);
    return q;
  };
  const rows = (read: Read) => {
    const keys = inOrder(db, facts(read).select(["f.source", "f.id"]), time, ties, read.newestFirst).offset(read.offset).limit(read.limit);
    const query = db
      .selectFrom(keys.as("k"))
      .innerJoin("fact_alerts as f", (j) => j.onRef("f.source", "=", "k.source").onRef("f.id", "=", "k.id"))
      .innerJoin("alerts as a", (j) => j.onRef("a.source", "=", "f.source").onRef("a.id", "=", "f.id"))
      .selectAll("f")
      .select(["a.incident_id as incident_id", "a.acknowledged_at as acknowledged_at"]);
    return inOrder(db, query, time, ties, true).execute();
  };
  const found = await findPage(page, { total: () => countOf(facts(null)), nth: (n, newestFirst) => nthFromEnd(db, "fact_alerts", sql<number>`${sql.ref("created_at")}`, range, n, newestFirst), rows });
  return mapItems(found, (r) => ({ ...alertFactFromRow(r), incidentId: r.incident_id, acknowledgedAt: r.acknowledged_at }));
}

export interface PageRow extends InterruptionFact {
  channel: "sms" | "phone" | "push" | "email";
  personName: string;
  incidentUrl: string | null;
}

/** Pages to some people in [from, to), with whether each interrupted (and in which band of their local time). */
export async function getPagesPage(
  db: Db,
  people: readonly string[],
  range: { from: EpochMs; to: EpochMs },
  filter: { person?: string; band?: "business" | "offHours" | "sleep"; interruptions?: boolean },
  page: PageRequest,
): Promise<RecordsPage<PageRow>> {
  const time = sql<number>`${sql.ref("f.at")}`;
  const ties = ["f.page_id", "f.source"];
  const facts = (read: Read | null) => {
    const span = spanOf(range, read);
    let q = db
      .selectFrom("fact_interruptions as f")
      .where(memberOf(db, "f.person", read), "in", listOrNone(filter.person === undefined ? people : people.filter((p) => p === filter.person)))
      .where("f.at", ">=", span.from)
      .where("f.at", "<", span.to);
    if (filter.band !== undefined) q = q.where("f.band", "=", filter.band).where("f.counted", "=", 1);
    if (filter.interruptions === true) q = q.where("f.counted", "=", 1);
    return q;
  };
  const rows = (read: Read) => {
    const keys = inOrder(db, facts(read).select(["f.source", "f.page_id"]), time, ties, read.newestFirst).offset(read.offset).limit(read.limit);
    const query = db
      .selectFrom(keys.as("k"))
      .innerJoin("fact_interruptions as f", (j) => j.onRef("f.source", "=", "k.source").onRef("f.page_id", "=", "k.page_id"))
      .innerJoin("pages as p", (j) => j.onRef("p.source", "=", "f.source").onRef("p.id", "=", "f.page_id"))
      .selectAll("f")
      .select((eb) => [
        "p.channel as channel",
        eb.selectFrom("people").select("name").whereRef("people.id", "=", "f.person").limit(1).as("person_name"),
        eb.selectFrom("incidents").select("url").whereRef("incidents.id", "=", "f.incident_id").limit(1).as("incident_url"),
      ]);
    return inOrder(db, query, time, ties, true).execute();
  };
  const found = await findPage(page, { total: () => countOf(facts(null)), nth: (n, newestFirst) => nthFromEnd(db, "fact_interruptions", sql<number>`${sql.ref("at")}`, range, n, newestFirst), rows });
  return mapItems(found, (r) => ({
    ...interruptionFactFromRow(r),
    channel: r.channel === "sms" || r.channel === "phone" || r.channel === "push" ? r.channel : "email",
    personName: r.person_name ?? r.person,
    incidentUrl: r.incident_url ?? null,
  }));
}

export interface CiRunRow extends CiRunFact {
  branch: string;
  event: string;
  attempt: number;
  finishedAt: EpochMs;
  url: string | null;
  triggeredBy: string | null;
}

/** CI runs of some repos started in [from, to). */
export async function getCiRunsPage(
  db: Db,
  repos: readonly string[],
  range: { from: EpochMs; to: EpochMs },
  filter: { repo?: string; workflow?: string; status?: string; flaky?: boolean },
  page: PageRequest,
): Promise<RecordsPage<CiRunRow>> {
  const time = sql<number>`${sql.ref("f.started_at")}`;
  const ties = ["f.id", "f.source"];
  const facts = (read: Read | null) => {
    const span = spanOf(range, read);
    let q = db
      .selectFrom("fact_ci_runs as f")
      .where(memberOf(db, "f.repo", read), "in", listOrNone(filter.repo === undefined ? repos : repos.filter((r) => r === filter.repo)))
      .where("f.started_at", ">=", span.from)
      .where("f.started_at", "<", span.to);
    if (filter.workflow !== undefined) q = q.where("f.workflow", "=", filter.workflow);
    if (filter.status !== undefined) q = q.where("f.status", "=", filter.status);
    if (filter.flaky === true) q = q.where("f.pair_flaky", "=", 1);
    return q;
  };
  const rows = (read: Read) => {
    const keys = inOrder(db, facts(read).select(["f.source", "f.id"]), time, ties, read.newestFirst).offset(read.offset).limit(read.limit);
    const query = db
      .selectFrom(keys.as("k"))
      .innerJoin("fact_ci_runs as f", (j) => j.onRef("f.source", "=", "k.source").onRef("f.id", "=", "k.id"))
      .innerJoin("ci_runs as r", (j) => j.onRef("r.source", "=", "f.source").onRef("r.id", "=", "f.id"))
      .selectAll("f")
      .select(["r.branch as branch", "r.event as event", "r.attempt as attempt", "r.finished_at as finished_at", "r.url as url", "r.triggered_by as triggered_by"]);
    return inOrder(db, query, time, ties, true).execute();
  };
  const found = await findPage(page, { total: () => countOf(facts(null)), nth: (n, newestFirst) => nthFromEnd(db, "fact_ci_runs", sql<number>`${sql.ref("started_at")}`, range, n, newestFirst), rows });
  return mapItems(found, (r) => ({ ...ciRunFactFromRow(r), branch: r.branch, event: r.event, attempt: r.attempt, finishedAt: r.finished_at, url: r.url, triggeredBy: r.triggered_by }));
}

/** Ops-work ledger items of some people in [from, to), for the categories asked. */
export async function getLedgerPage(
  db: Db,
  people: readonly string[],
  range: { from: EpochMs; to: EpochMs },
  filter: { person?: string; categories: readonly LedgerCategory[] },
  page: PageRequest,
): Promise<RecordsPage<LedgerItem>> {
  const time = sql<number>`${sql.ref("f.at")}`;
  // The order is time, record and person; category, record kind and source only settle ties (one
  // record in two categories at the same time), so that every way to a page gives the same rows.
  const ties = ["f.record_id", "f.person", "f.category", "f.record_kind", "f.record_source"];
  const facts = (read: Read | null) => {
    const span = spanOf(range, read);
    return db
      .selectFrom("fact_ledger as f")
      .where(memberOf(db, "f.person", read), "in", listOrNone(filter.person === undefined ? people : people.filter((p) => p === filter.person)))
      .where("f.category", "in", listOrNone(filter.categories))
      .where("f.at", ">=", span.from)
      .where("f.at", "<", span.to);
  };
  const rows = (read: Read) => {
    const keys = inOrder(db, facts(read).select(["f.person", "f.category", "f.record_kind", "f.record_source", "f.record_id", "f.at"]), time, ties, read.newestFirst).offset(read.offset).limit(read.limit);
    const query = db
      .selectFrom(keys.as("k"))
      .innerJoin("fact_ledger as f", (j) =>
        j
          .onRef("f.person", "=", "k.person")
          .onRef("f.category", "=", "k.category")
          .onRef("f.record_kind", "=", "k.record_kind")
          .onRef("f.record_source", "=", "k.record_source")
          .onRef("f.record_id", "=", "k.record_id")
          .onRef("f.at", "=", "k.at"),
      )
      .selectAll("f");
    return inOrder(db, query, time, ties, true).execute();
  };
  const found = await findPage(page, { total: () => countOf(facts(null)), nth: (n, newestFirst) => nthFromEnd(db, "fact_ledger", sql<number>`${sql.ref("at")}`, range, n, newestFirst), rows });
  return mapItems(found, ledgerItemFromRow);
}
