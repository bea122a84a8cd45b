/**
 * The maturity scorecard of a team (issue 16): one read of the team's evidence over the 90 days
 * before an instant, the pure checks of metrics/maturity.ts, and the figures the failing checks
 * should move (from the same team window read model as every other figure). Routes, the org
 * summary and the quarterly report all come through here.
 */
import { getTeamMaturityEvidence, type Db, type MaturityDeclaration, type Team } from "@opsledger/db";
import type { Config } from "../config/schema.ts";
import {
  MATURITY_SPAN,
  fundFirst,
  phaseLine,
  scorecard,
  type FundItem,
  type MaturityDeclarations,
  type MaturityFigures,
  type MetricSettings,
  type Scorecard,
} from "../metrics/index.ts";
import { quarterLabel, quarterOf, previousQuarter, quarterWindow, type Quarter } from "../reports/quarter.ts";
import { readsOf, teamDora, type WindowReads } from "./teamWindow.ts";

const dayStart = (date: string | undefined): number | null => (date === undefined ? null : Date.parse(`${date}T00:00:00Z`));

/**
 * The team's declarations as of an instant: the newest of each practice among the config's dates
 * and the declarations sent as records (none for a team neither names), made at or before it.
 */
export function maturityDeclarations(config: Config, team: Pick<Team, "id" | "services">, records: readonly MaturityDeclaration[], asOf: number): MaturityDeclarations {
  const declared = config.maturity.teams[team.id];
  const fromConfig = (date: string | undefined, practice: MaturityDeclaration["practice"]): MaturityDeclaration[] => {
    const at = dayStart(date);
    return at === null ? [] : [{ source: "config", team: team.id, practice, at, url: null }];
  };
  const all = [...records, ...fromConfig(declared?.backupRestoreTestedAt, "backup_restore_test"), ...fromConfig(declared?.rollbackDrillAt, "rollback_drill")];
  const newest = (practice: MaturityDeclaration["practice"]): MaturityDeclaration | null =>
    all.filter((d) => d.practice === practice && d.at <= asOf).reduce<MaturityDeclaration | null>((best, d) => (best === null || d.at > best.at ? d : best), null);
  const restore = newest("backup_restore_test");
  const drill = newest("rollback_drill");
  const runbooks = Object.fromEntries(team.services.flatMap((s) => (config.maturity.runbooks[s] === undefined ? [] : [[s, config.maturity.runbooks[s]]])));
  return { backupRestoreTestedAt: restore?.at ?? null, backupRestoreUrl: restore?.url ?? null, rollbackDrillAt: drill?.at ?? null, rollbackDrillUrl: drill?.url ?? null, runbooks };
}

/**
 * The scorecard of one team as of an instant: the 90 days before it. Once per request: the
 * scorecard's page asks for the current one and for the running quarter's, which is the same.
 */
export async function teamScorecard(source: Db | WindowReads, team: Team, asOf: number, config: Config): Promise<Scorecard> {
  const r = readsOf(source);
  return r.once(`scorecard|${team.id}|${asOf}`, () => scorecardOf(r.db, team, asOf, config, true));
}

/**
 * A scorecard for its statuses and phase only: every status follows from the evidence's counts,
 * so its examples (the first manual deployment of each repo, the first unreviewed change…) are
 * not read — the history's past quarters show a phase and two counts, never their evidence.
 */
function scorecardStatuses(r: WindowReads, team: Team, asOf: number, config: Config): Promise<Scorecard> {
  return r.once(`scorecard-statuses|${team.id}|${asOf}`, () => scorecardOf(r.db, team, asOf, config, false));
}

async function scorecardOf(db: Db, team: Team, asOf: number, config: Config, examples: boolean): Promise<Scorecard> {
  const window = { from: asOf - MATURITY_SPAN, to: asOf };
  // Production and staging were decided when the deployments were derived (settings.isProduction, isStaging).
  const ev = await getTeamMaturityEvidence(db, team, window, { examples });
  return scorecard({
    team,
    asOf,
    practices: ev.practices,
    deploys: ev.deploys,
    reviews: ev.reviews,
    incidents: ev.incidents,
    alerts: ev.alerts,
    // A paging source is connected when one is configured or its records are stored (ingest).
    pagingConnected: config.sources.pagerduty !== undefined || ev.pagingRecords,
    declarations: maturityDeclarations(config, team, ev.declarations, asOf),
  });
}

/** The figures the scorecard points at, over the same 90 days. */
export async function maturityFigures(source: Db | WindowReads, team: Team, asOf: number, settings: MetricSettings): Promise<MaturityFigures> {
  const d = await teamDora(source, team, { from: asOf - MATURITY_SPAN, to: asOf }, settings);
  return {
    changeFailureRate: d.changeFailureRate.rate,
    recoveryMinutes: d.recoveryTime.medianMinutes,
    deploysPerWeek: d.deploymentFrequency.count === 0 ? null : d.deploymentFrequency.perWeek,
    leadTimeMinutes: d.leadTime.medianMinutes,
    timeToRestoreMinutes: d.timeToRestore.medianMinutes,
  };
}

export interface QuarterPhase {
  quarter: string;
  phase: 0 | 1 | 2 | 3;
  /** Checks that passed, of all. */
  passed: number;
  unknown: number;
}

/** Phase per quarter, oldest first: each quarter's scorecard as of its end (the running quarter as of now). */
export async function maturityHistory(source: Db | WindowReads, team: Team, asOf: number, quarters: number, config: Config): Promise<QuarterPhase[]> {
  const list: Quarter[] = [];
  let q = quarterOf(asOf);
  for (let i = 0; i < quarters; i++) {
    list.unshift(q);
    q = previousQuarter(q);
  }
  const r = readsOf(source);
  return Promise.all(
    list.map(async (quarter) => {
      const end = Math.min(quarterWindow(quarter).to, asOf);
      // The running quarter's is the current scorecard (shared with the page); the past ones' statuses need no examples.
      const card = end === asOf ? await teamScorecard(r, team, end, config) : await scorecardStatuses(r, team, end, config);
      return { quarter: quarterLabel(quarter), phase: card.phase, passed: card.checks.filter((c) => c.status === "pass").length, unknown: card.checks.filter((c) => c.status === "unknown").length };
    }),
  );
}

export interface TeamMaturity {
  card: Scorecard;
  line: string;
  fundFirst: FundItem[];
}

/** The scorecard with its one-line phase and what to fund first (given whether the signals say to fund). */
export async function teamMaturity(source: Db | WindowReads, team: Team, asOf: number, config: Config, settings: MetricSettings): Promise<TeamMaturity> {
  const [card, figures] = await Promise.all([teamScorecard(source, team, asOf, config), maturityFigures(source, team, asOf, settings)]);
  return { card, line: phaseLine(card), fundFirst: fundFirst(card, figures) };
}
