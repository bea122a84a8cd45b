/**
 * Drill-downs: the facts a figure counted, with what the records add for people to read (titles,
 * links, names), newest first, a page at a time. Each reads the same facts, with the same
 * filters, as the figure it explains, so a figure and its records agree by construction.
 */
import type { Db } from "../connection.ts";
import { byCodeUnit } from "../dialect.ts";
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
  let base = db
    .selectFrom("fact_team_deploys as f")
    .innerJoin("deployments as d", (j) => j.onRef("d.source", "=", "f.source").onRef("d.id", "=", "f.id"))
    .where("f.team_id", "=", teamId)
    .where("f.deployed_at", ">=", range.from)
    .where("f.deployed_at", "<", range.to);
  if (filter.failed === true) base = base.where("f.failed", "=", 1);
  if (filter.rework === true) base = base.where("f.rework", "=", 1);
  if (filter.repo !== undefined) base = base.where("f.repo", "=", filter.repo);
  const [rows, count] = await Promise.all([
    base
      .selectAll("f")
      .select(["d.environment as environment", "d.sha as sha", "d.rollback as record_rollback", "d.url as url"])
      .orderBy("f.deployed_at", "desc")
      .orderBy(byCodeUnit(db, "f.id"))
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirst(),
  ]);
  return {
    items: rows.map((r) => ({ ...teamDeployFactFromRow(r), environment: r.environment, sha: r.sha, rollback: r.record_rollback === 1, url: r.url })),
    total: Number(count?.n ?? 0),
  };
}

export interface ChangeRow extends ChangeFact {
  number: number;
  title: string | null;
  url: string | null;
}

/** Changes of some repos deployed in [from, to) (the lead-time population), and those merged in it that nothing shipped. */
export async function getChangesPage(db: Db, repos: readonly string[], range: { from: EpochMs; to: EpochMs }, filter: { repo?: string; author?: string }, page: PageRequest): Promise<RecordsPage<ChangeRow>> {
  let base = db
    .selectFrom("fact_changes as f")
    .innerJoin("changes as c", (j) => j.onRef("c.source", "=", "f.source").onRef("c.id", "=", "f.id"))
    .where("f.repo", "in", listOrNone(filter.repo === undefined ? repos : repos.filter((r) => r === filter.repo)))
    .where((eb) =>
      eb.or([
        eb.and([eb("f.deployed_at", ">=", range.from), eb("f.deployed_at", "<", range.to)]),
        eb.and([eb("f.deployment_id", "is", null), eb("f.merged_at", ">=", range.from), eb("f.merged_at", "<", range.to)]),
      ]),
    );
  if (filter.author !== undefined) base = base.where("f.author", "=", filter.author);
  const [rows, count] = await Promise.all([
    base
      .selectAll("f")
      .select(["c.number as number", "c.title as title", "c.url as url"])
      .orderBy((eb) => eb.fn.coalesce("f.deployed_at", "f.merged_at"), "desc")
      .orderBy(byCodeUnit(db, "f.id"))
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirst(),
  ]);
  return { items: rows.map((r) => ({ ...changeFactFromRow(r), number: r.number, title: r.title, url: r.url })), total: Number(count?.n ?? 0) };
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
  const base = db
    .selectFrom("fact_incidents as f")
    .innerJoin("incidents as i", (j) => j.onRef("i.source", "=", "f.source").onRef("i.id", "=", "f.id"))
    .where("f.service", "in", listOrNone(filter.service === undefined ? services : services.filter((s) => s === filter.service)))
    .where("f.created_at", ">=", range.from)
    .where("f.created_at", "<", range.to);
  const [rows, count] = await Promise.all([
    base
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
      ])
      .orderBy("f.created_at", "desc")
      .orderBy(byCodeUnit(db, "f.id"))
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirst(),
  ]);
  return {
    items: rows.map((r) => ({
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
    })),
    total: Number(count?.n ?? 0),
  };
}

/** An alert's fact (which carries how it ended) with what its record adds. */
export interface AlertRow extends AlertFact {
  incidentId: string | null;
  acknowledgedAt: EpochMs | null;
}

/** Alerts of some services created in [from, to). */
export async function getAlertsPage(db: Db, services: readonly string[], range: { from: EpochMs; to: EpochMs }, filter: { service?: string; key?: string; noise?: boolean }, page: PageRequest): Promise<RecordsPage<AlertRow>> {
  let base = db
    .selectFrom("fact_alerts as f")
    .innerJoin("alerts as a", (j) => j.onRef("a.source", "=", "f.source").onRef("a.id", "=", "f.id"))
    .where("f.service", "in", listOrNone(filter.service === undefined ? services : services.filter((s) => s === filter.service)))
    .where("f.created_at", ">=", range.from)
    .where("f.created_at", "<", range.to);
  if (filter.key !== undefined) base = base.where("f.key", "=", filter.key);
  if (filter.noise !== undefined) base = base.where("f.noise_reason", filter.noise ? "is not" : "is", null);
  const [rows, count] = await Promise.all([
    base
      .selectAll("f")
      .select(["a.incident_id as incident_id", "a.acknowledged_at as acknowledged_at"])
      .orderBy("f.created_at", "desc")
      .orderBy(byCodeUnit(db, "f.id"))
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirst(),
  ]);
  return {
    items: rows.map((r) => ({
      ...alertFactFromRow(r),
      incidentId: r.incident_id,
      acknowledgedAt: r.acknowledged_at,
    })),
    total: Number(count?.n ?? 0),
  };
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
  let base = db
    .selectFrom("fact_interruptions as f")
    .innerJoin("pages as p", (j) => j.onRef("p.source", "=", "f.source").onRef("p.id", "=", "f.page_id"))
    .where("f.person", "in", listOrNone(filter.person === undefined ? people : people.filter((p) => p === filter.person)))
    .where("f.at", ">=", range.from)
    .where("f.at", "<", range.to);
  if (filter.band !== undefined) base = base.where("f.band", "=", filter.band).where("f.counted", "=", 1);
  if (filter.interruptions === true) base = base.where("f.counted", "=", 1);
  const [rows, count] = await Promise.all([
    base
      .selectAll("f")
      .select((eb) => [
        "p.channel as channel",
        eb.selectFrom("people").select("name").whereRef("people.id", "=", "f.person").limit(1).as("person_name"),
        eb.selectFrom("incidents").select("url").whereRef("incidents.id", "=", "f.incident_id").limit(1).as("incident_url"),
      ])
      .orderBy("f.at", "desc")
      .orderBy(byCodeUnit(db, "f.page_id"))
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirst(),
  ]);
  return {
    items: rows.map((r) => ({
      ...interruptionFactFromRow(r),
      channel: r.channel === "sms" || r.channel === "phone" || r.channel === "push" ? r.channel : "email",
      personName: r.person_name ?? r.person,
      incidentUrl: r.incident_url ?? null,
    })),
    total: Number(count?.n ?? 0),
  };
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
  let base = db
    .selectFrom("fact_ci_runs as f")
    .innerJoin("ci_runs as r", (j) => j.onRef("r.source", "=", "f.source").onRef("r.id", "=", "f.id"))
    .where("f.repo", "in", listOrNone(filter.repo === undefined ? repos : repos.filter((r) => r === filter.repo)))
    .where("f.started_at", ">=", range.from)
    .where("f.started_at", "<", range.to);
  if (filter.workflow !== undefined) base = base.where("f.workflow", "=", filter.workflow);
  if (filter.status !== undefined) base = base.where("f.status", "=", filter.status);
  if (filter.flaky === true) base = base.where("f.pair_flaky", "=", 1);
  const [rows, count] = await Promise.all([
    base
      .selectAll("f")
      .select(["r.branch as branch", "r.event as event", "r.attempt as attempt", "r.finished_at as finished_at", "r.url as url", "r.triggered_by as triggered_by"])
      .orderBy("f.started_at", "desc")
      .orderBy(byCodeUnit(db, "f.id"))
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirst(),
  ]);
  return {
    items: rows.map((r) => ({ ...ciRunFactFromRow(r), branch: r.branch, event: r.event, attempt: r.attempt, finishedAt: r.finished_at, url: r.url, triggeredBy: r.triggered_by })),
    total: Number(count?.n ?? 0),
  };
}

/** Ops-work ledger items of some people in [from, to), for the categories asked. */
export async function getLedgerPage(
  db: Db,
  people: readonly string[],
  range: { from: EpochMs; to: EpochMs },
  filter: { person?: string; categories: readonly LedgerCategory[] },
  page: PageRequest,
): Promise<RecordsPage<LedgerItem>> {
  const base = db
    .selectFrom("fact_ledger")
    .where("person", "in", listOrNone(filter.person === undefined ? people : people.filter((p) => p === filter.person)))
    .where("category", "in", listOrNone(filter.categories))
    .where("at", ">=", range.from)
    .where("at", "<", range.to);
  const [rows, count] = await Promise.all([
    base.selectAll().orderBy("at", "desc").orderBy(byCodeUnit(db, "record_id")).orderBy(byCodeUnit(db, "person")).offset(page.offset).limit(page.limit).execute(),
    base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirst(),
  ]);
  return { items: rows.map(ledgerItemFromRow), total: Number(count?.n ?? 0) };
}
