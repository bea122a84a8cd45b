/** The deriver's reads and writes of the rollups (`rollup_team_week`, `rollup_team_day`, `rollup_person_week`, `rollup_person_day`, `rollup_team_ledger_week`, `rollup_team_ledger_day`) and team versions. */
import type { Db } from "../connection.ts";
import type { EpochMs } from "../model.ts";
import { inChunks } from "../queries/readHelpers.ts";
import { upsertRows } from "../writes/upsert.ts";
import type { AlertFact, ChangeFact, CiRunFact, IncidentFact, PersonWeek, TeamDeployFact, TeamLedger, TeamWeek } from "./model.ts";
import {
  alertFactFromRow,
  changeFactFromRow,
  ciRunFactFromRow,
  incidentFactFromRow,
  personDayToRow,
  personWeekToRow,
  teamDayToRow,
  teamDeployFactFromRow,
  teamLedgerDayToRow,
  teamLedgerToRow,
  teamWeekToRow,
} from "./rows.ts";

/** A team's facts in [from, to): what its weeks are made of (see server/src/metrics/weeks.ts). */
export interface TeamFacts {
  deploys: TeamDeployFact[];
  changesDeployed: ChangeFact[];
  changesNeverDeployed: ChangeFact[];
  ciRuns: CiRunFact[];
  incidents: IncidentFact[];
  alerts: AlertFact[];
}

export async function getTeamFacts(db: Db, team: { id: string; repos: readonly string[]; services: readonly string[] }, from: EpochMs, to: EpochMs): Promise<TeamFacts> {
  const [deploys, changesDeployed, changesNeverDeployed, ciRuns, incidents, alerts] = await Promise.all([
    db.selectFrom("fact_team_deploys").selectAll().where("team_id", "=", team.id).where("deployed_at", ">=", from).where("deployed_at", "<", to).execute(),
    inChunks(team.repos, (repos) => db.selectFrom("fact_changes").selectAll().where("repo", "in", repos).where("deployed_at", ">=", from).where("deployed_at", "<", to).execute()),
    inChunks(team.repos, (repos) =>
      db.selectFrom("fact_changes").selectAll().where("repo", "in", repos).where("merged_at", ">=", from).where("merged_at", "<", to).where("deployment_id", "is", null).execute(),
    ),
    inChunks(team.repos, (repos) => db.selectFrom("fact_ci_runs").selectAll().where("repo", "in", repos).where("started_at", ">=", from).where("started_at", "<", to).execute()),
    inChunks(team.services, (services) => db.selectFrom("fact_incidents").selectAll().where("service", "in", services).where("created_at", ">=", from).where("created_at", "<", to).execute()),
    inChunks(team.services, (services) => db.selectFrom("fact_alerts").selectAll().where("service", "in", services).where("created_at", ">=", from).where("created_at", "<", to).execute()),
  ]);
  return {
    deploys: deploys.map(teamDeployFactFromRow),
    changesDeployed: changesDeployed.map(changeFactFromRow),
    changesNeverDeployed: changesNeverDeployed.map(changeFactFromRow),
    ciRuns: ciRuns.map(ciRunFactFromRow),
    incidents: incidents.map(incidentFactFromRow),
    alerts: alerts.map(alertFactFromRow),
  };
}

/** Replace a team's week rows with week_start in [from, to). */
export async function replaceTeamWeeks(db: Db, teamId: string, from: EpochMs, to: EpochMs, weeks: readonly TeamWeek[]): Promise<void> {
  await db.deleteFrom("rollup_team_week").where("team_id", "=", teamId).where("week_start", ">=", from).where("week_start", "<", to).execute();
  await upsertRows(db, "rollup_team_week", ["team_id", "week_start"], weeks.map((w) => teamWeekToRow(teamId, w)));
}

/** Replace a team's day rows with day_start in [from, to) (each a TeamWeek whose `weekStart` is its day's start). */
export async function replaceTeamDays(db: Db, teamId: string, from: EpochMs, to: EpochMs, days: readonly TeamWeek[]): Promise<void> {
  await db.deleteFrom("rollup_team_day").where("team_id", "=", teamId).where("day_start", ">=", from).where("day_start", "<", to).execute();
  await upsertRows(db, "rollup_team_day", ["team_id", "day_start"], days.map((d) => teamDayToRow(teamId, d)));
}

/** Replace a person's week rows with week_start in [from, to). */
export async function replacePersonWeeks(db: Db, person: string, from: EpochMs, to: EpochMs, weeks: readonly PersonWeek[]): Promise<void> {
  await db.deleteFrom("rollup_person_week").where("person", "=", person).where("week_start", ">=", from).where("week_start", "<", to).execute();
  await upsertRows(db, "rollup_person_week", ["person", "week_start"], weeks.map(personWeekToRow));
}

/** Replace a person's day rows with day_start in [from, to) (each a PersonWeek whose `weekStart` is its day's start). */
export async function replacePersonDays(db: Db, person: string, from: EpochMs, to: EpochMs, days: readonly PersonWeek[]): Promise<void> {
  await db.deleteFrom("rollup_person_day").where("person", "=", person).where("day_start", ">=", from).where("day_start", "<", to).execute();
  await upsertRows(db, "rollup_person_day", ["person", "day_start"], days.map(personDayToRow));
}

/** Replace a team's ledger week rows with week_start in [from, to) and its ledger day rows with day_start in [from, to). */
export async function replaceTeamLedger(db: Db, teamId: string, from: EpochMs, to: EpochMs, weeks: readonly TeamLedger[], days: readonly TeamLedger[]): Promise<void> {
  await db.deleteFrom("rollup_team_ledger_week").where("team_id", "=", teamId).where("week_start", ">=", from).where("week_start", "<", to).execute();
  await upsertRows(db, "rollup_team_ledger_week", ["team_id", "week_start"], weeks.map((w) => teamLedgerToRow(teamId, w)));
  await db.deleteFrom("rollup_team_ledger_day").where("team_id", "=", teamId).where("day_start", ">=", from).where("day_start", "<", to).execute();
  await upsertRows(db, "rollup_team_ledger_day", ["team_id", "day_start"], days.map((d) => teamLedgerDayToRow(teamId, d)));
}

/** The week of a person's latest on-call week row, if any. */
export async function getLastOnCallWeek(db: Db, person: string): Promise<EpochMs | null> {
  const row = await db.selectFrom("rollup_person_week").select((eb) => eb.fn.max<number>("week_start").as("w")).where("person", "=", person).where("on_call", "=", 1).executeTakeFirst();
  return row?.w === null || row?.w === undefined ? null : Number(row.w);
}

/** Email notifications of a person in [from, to): when (they are never interruptions, only noted). */
export async function getEmailPageTimes(db: Db, person: string, from: EpochMs, to: EpochMs): Promise<EpochMs[]> {
  const rows = await db.selectFrom("pages").select("at").where("person", "=", person).where("channel", "=", "email").where("at", ">=", from).where("at", "<", to).execute();
  return rows.map((r) => r.at);
}

/** Move the version of these teams: their cached results are stale. */
export async function bumpTeamVersions(db: Db, teamIds: readonly string[]): Promise<void> {
  const ids = [...new Set(teamIds)].sort();
  if (ids.length === 0) return;
  const current = new Map(
    (await inChunks(ids, (chunk) => db.selectFrom("team_versions").select(["team_id", "version"]).where("team_id", "in", chunk).execute())).map((r) => [r.team_id, Number(r.version)]),
  );
  await upsertRows(db, "team_versions", ["team_id"], ids.map((team_id) => ({ team_id, version: (current.get(team_id) ?? 0) + 1 })));
}

/** The versions of every team (what a result cache checks before answering). */
export async function getTeamVersions(db: Db): Promise<Map<string, number>> {
  const rows = await db.selectFrom("team_versions").select(["team_id", "version"]).execute();
  return new Map(rows.map((r) => [r.team_id, Number(r.version)]));
}

/**
 * What a cached result was computed from: one team's version, or for results over every team a
 * stamp that moves whenever any team's does (the sum of versions only grows).
 */
export async function getVersionStamp(db: Db, teamId: string | null): Promise<string> {
  if (teamId !== null) {
    const row = await db.selectFrom("team_versions").select("version").where("team_id", "=", teamId).executeTakeFirst();
    return `t${row === undefined ? 0 : Number(row.version)}`;
  }
  const row = await db
    .selectFrom("team_versions")
    .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.sum<number>("version").as("sum")])
    .executeTakeFirst();
  return `o${Number(row?.n ?? 0)}.${Number(row?.sum ?? 0)}`;
}
