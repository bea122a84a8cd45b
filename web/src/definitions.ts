/**
 * One sentence per headline figure saying what it is (DESIGN.md "What each number means"), shown
 * with the count it was computed from and its window on the figure's link (or table cell) and in
 * its disclosure, so a reader never has to guess what a number is, how many records it rests on,
 * or which days it covers.
 */
import { formatCount, formatCountOf, formatWindow } from "./format.ts";

export const FIGURE_DEFINITIONS: Readonly<Record<string, string>> = {
  "Deployment frequency": "Successful production deployments per week in the range; the DORA tier comes from the median number of days a week with a deployment.",
  "Lead time for changes": "Median time from the start of work on a merged change (its first commit or its opening, whichever is earlier) to the production deployment that shipped it.",
  "Change failure rate": "Share of production deployments that failed in production: named by an incident, rolled back, or followed by an incident on the team's services within the failure window.",
  "Failed deployment recovery time": "Median time from a failed deployment to the resolution of its incident, or to the next successful deployment after a rollback.",
  "Rework rate": "Share of production deployments that were unplanned: rollbacks, hotfixes and deployments an incident names as its fix.",
  "CI median duration": "Median run time (finished − started) of CI runs that succeeded or failed in the range; cancelled and skipped runs are left out.",
  "CI failure rate": "Failed CI runs over succeeded and failed runs in the range; cancelled and skipped runs are left out.",
  "Ops share": "The team's ops-work ledger minutes (alerts, incidents, pipeline and deployment toil, ops changes) over all its members' working minutes in the range.",
  Interruptions: "Pages by SMS, phone or push to the team's members (pages within 60 s count once), banded in each person's local time.",
  "Time to acknowledge": "Median time from an incident's creation to its first acknowledgement, over the team's incidents in the range.",
};

/** The definition of a figure by its label, or null when it has none. */
export const definitionOf = (label: string): string | null => FIGURE_DEFINITIONS[label] ?? null;

/**
 * A figure's basis: the count it was computed from and the window it covers, e.g. ("median of 41
 * changes", the server's range) → "Median of 41 changes, 2 Sep – 30 Nov 2026".
 */
export function figureBasis(count: string, window: { from: string; to: string }): string {
  return `${count.charAt(0).toUpperCase()}${count.slice(1)}, ${formatWindow(window)}`;
}

/**
 * What a figure says about itself on hover and in its disclosure: its definition, then each basis
 * (one per period shown: a quarter-over-quarter cell has two), as sentences.
 */
export function figureAbout(label: string, bases: readonly string[]): string {
  const definition = definitionOf(label);
  return [...(definition === null ? [] : [definition]), ...bases.map((b) => `${b}.`)].join(" ");
}

const ciRuns = (n: number): string => `${formatCountOf(n, "run")} that succeeded or failed`;

/**
 * What each figure counted, as the phrase its basis starts with — one wording for the team page,
 * the overview and the report, from the counts each response carries.
 */
export const COUNT_OF = {
  deploymentFrequency: (deployments: number): string => formatCountOf(deployments, "production deployment"),
  leadTime: (changes: number): string => `median of ${formatCountOf(changes, "deployed change")}`,
  changeFailureRate: (failed: number, deployments: number): string => `${formatCount(failed)} failed of ${formatCountOf(deployments, "production deployment")}`,
  recoveryTime: (recoveries: number): string => `median of ${formatCountOf(recoveries, "recovery", "recoveries")}`,
  reworkRate: (reworked: number, deployments: number): string => `${formatCount(reworked)} unplanned of ${formatCountOf(deployments, "production deployment")}`,
  ciMedian: (runs: number): string => `median of ${ciRuns(runs)}`,
  /** Without the failures (the overview and report carry only the runs): "failures among …". */
  ciFailureRate: (runs: number, failures?: number): string => (failures === undefined ? `failures among ${ciRuns(runs)}` : `${formatCount(failures)} failed of ${ciRuns(runs)}`),
  opsShare: (members: number): string => `ledger minutes of ${formatCountOf(members, "member")} over their working time`,
  interruptions: (interruptions: number, members: number): string => `${formatCountOf(interruptions, "interruption")} of ${formatCountOf(members, "member")}`,
  timeToAcknowledge: (incidents: number): string => `median of ${formatCountOf(incidents, "incident")}`,
};
