/**
 * The one door through which notifications and digests read figures: it calls the team window
 * read model (services/teamWindow.ts) and hands out plain observations — a value, the count it was
 * computed from, and for ratios their parts. When the read model changes, this file is the one to
 * rewire.
 *
 * Cheap by construction: one `teamOverview` per team and window per evaluation (memoised here),
 * whatever the number of rules reading it; alert quality and trends are read only when asked for.
 */
import { getTeams, type Db, type Team } from "@opsledger/db";
import type { FigureId } from "../config/notifications.ts";
import {
  type MetricSettings,
  type SeriesMetric,
  type SignalId,
  type SignalStatus,
  type WeeklyPoint,
  type Window,
} from "../metrics/index.ts";
import { teamAlertQuality, teamOncall, teamOverview, teamSeries, type TeamOverview } from "../services/teamWindow.ts";
import { FIGURE_UNITS, type FigureUnit } from "./words.ts";

export interface Observation {
  /** Null when there is no data. */
  value: number | null;
  /** How many records the value was computed from. */
  count: number;
  /** What `count` counts ("deployments", "on-call members"). */
  countOf: string;
  unit: FigureUnit;
  /** How teams add up to the organisation: a ratio of sums, or a sum. */
  parts: { numerator: number; denominator: number } | { sum: number } | null;
}

export interface PersonObservation {
  person: string;
  name: string;
  observation: Observation;
}

export interface SignalObservation {
  status: SignalStatus;
  value: number | null;
  /** Records named in the signal's evidence. */
  count: number;
  message: string;
}

/** Alert quality of a sprint, as much as the sprint digest shows. */
export interface SprintReviewFigures {
  count: number;
  actionable: number;
  noise: number;
  actionableRatio: number | null;
  timeToFixMinutes: number | null;
  pagesBySleep: number | null;
  newKeys: number;
  recurringKeys: number;
  /** suggestion: the key's pattern and its evidence ("flapping: 7 of 11 fired again …"); null without a clear pattern. */
  topNoisyKeys: { key: string; count: number; noiseCount: number; suggestion: string | null }[];
  wokenUp: { name: string; count: number }[];
}


const ratio = (numerator: number, denominator: number) => ({ numerator, denominator });

/** A team-level figure out of the overview (all but actionable ratio, which alert quality computes). */
function fromOverview(o: TeamOverview, figure: Exclude<FigureId, "actionable-ratio" | "oncall-load">): Observation {
  const unit = FIGURE_UNITS[figure];
  switch (figure) {
    case "ops-share":
      // DESIGN "Ops share": the ledger's minutes over every member's working minutes (the one definition).
      return { value: o.ops.share, count: o.ops.members, countOf: "members", unit, parts: ratio(o.ops.minutes, o.ops.workingMinutes) };
    case "deploys-per-week": {
      const f = o.dora.deploymentFrequency;
      return { value: f.perWeek, count: f.count, countOf: "production deployments", unit, parts: f.perWeek === null ? null : { sum: f.perWeek } };
    }
    case "lead-time":
      return { value: o.dora.leadTime.medianMinutes, count: o.dora.leadTime.count, countOf: "changes deployed", unit, parts: null };
    case "change-failure-rate": {
      const c = o.dora.changeFailureRate;
      return { value: c.rate, count: c.total, countOf: "production deployments", unit, parts: ratio(c.failed, c.total) };
    }
    case "recovery-time":
      return { value: o.dora.recoveryTime.medianMinutes, count: o.dora.recoveryTime.count, countOf: "failed deployments recovered", unit, parts: null };
    case "rework-rate": {
      const r = o.dora.reworkRate;
      return { value: r.rate, count: r.total, countOf: "production deployments", unit, parts: ratio(r.reworked, r.total) };
    }
    case "ci-median": {
      const s = o.ci;
      return { value: s.durationMedianMinutes, count: s.successes + s.failures, countOf: "finished CI runs", unit, parts: null };
    }
    case "ci-failure-rate": {
      const s = o.ci;
      return { value: s.failureRate, count: s.successes + s.failures, countOf: "finished CI runs", unit, parts: ratio(s.failures, s.successes + s.failures) };
    }
  }
}

/** The weekly series behind a figure or signal, for the trend in a notification; null when it has none. */
const SERIES_OF: Partial<Record<FigureId | SignalId, { metric: SeriesMetric; name: string }>> = {
  "ops-share": { metric: "ops-share", name: "team" },
  "ops-load": { metric: "ops-share", name: "team" },
  "deploys-per-week": { metric: "deployments", name: "deployments" },
  "delivery-pressure": { metric: "deployments", name: "deployments" },
  "lead-time": { metric: "lead-time", name: "total" },
  "change-failure-rate": { metric: "change-failure-rate", name: "change-failure-rate" },
  "recovery-time": { metric: "recovery-time", name: "recovery-time" },
  "ci-median": { metric: "ci-duration", name: "ci-duration" },
  "ci-failure-rate": { metric: "ci-failure-rate", name: "ci-failure-rate" },
  "actionable-ratio": { metric: "alerts", name: "actionable-ratio" },
};

export interface FigureReader {
  /** Every team, read once per reader. */
  teams(): Promise<Team[]>;
  figure(team: Team, figure: Exclude<FigureId, "oncall-load">, window: Window): Promise<Observation>;
  /** On-call load of each member who held a shift in the window. */
  oncallLoad(team: Team, window: Window): Promise<PersonObservation[]>;
  /** A signal as of the reader's `now`. */
  signal(team: Team, signal: SignalId): Promise<SignalObservation>;
  /** Weekly points behind a figure or signal over the window (a person's, for on-call load). */
  trend(team: Team, of: FigureId | SignalId, window: Window, person?: string): Promise<WeeklyPoint[]>;
  sprintReview(team: Team, window: Window): Promise<SprintReviewFigures>;
}

/** The span a signal reads (the 4 weeks before now); the overview of this window also holds the signals. */
const SIGNAL_WINDOW_MS = 28 * 86_400_000;

export function createFigureReader(db: Db, settings: MetricSettings, now: number): FigureReader {
  const memo = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, read: () => Promise<T>): Promise<T> => {
    const hit = memo.get(key);
    if (hit !== undefined) return hit as Promise<T>;
    const started = read();
    memo.set(key, started);
    return started;
  };
  const overview = (team: Team, window: Window) => once(`overview|${team.id}|${window.from}|${window.to}`, () => teamOverview(db, team, window, settings));
  const alertQuality = (team: Team, window: Window) => once(`alerts|${team.id}|${window.from}|${window.to}`, () => teamAlertQuality(db, team, window));
  const oncall = (team: Team, window: Window) => once(`oncall|${team.id}|${window.from}|${window.to}`, () => teamOncall(db, team, window, settings));
  const signalWindow: Window = { from: now - SIGNAL_WINDOW_MS, to: now };

  return {
    teams: () => once("teams", () => getTeams(db)),

    async figure(team, figure, window) {
      if (figure === "actionable-ratio") {
        const q = await alertQuality(team, window);
        return { value: q.actionableRatio, count: q.count, countOf: "alerts", unit: "fraction", parts: ratio(q.actionable, q.count) };
      }
      return fromOverview(await overview(team, window), figure);
    },

    async oncallLoad(team, window) {
      const o = await oncall(team, window);
      // DESIGN "On-call load": alert and incident minutes over working minutes, in the weeks the person was on call.
      return o.people
        .filter((p) => p.onCall)
        .map((p) => {
          const onCallWeeks = p.weeks.filter((w) => w.onCall);
          const minutes = onCallWeeks.reduce((s, w) => s + w.minutes, 0);
          const working = onCallWeeks.reduce((s, w) => s + w.workingMinutes, 0);
          return { person: p.person, name: p.name, observation: { value: p.load, count: p.interruptions.total, countOf: "interruptions", unit: "fraction", parts: ratio(minutes, working) } };
        });
    },

    async signal(team, id) {
      const o = await overview(team, signalWindow);
      const s = o.signals.signals.find((x) => x.id === id);
      if (s === undefined) return { status: "unknown", value: null, count: 0, message: `the signal ${id} was not computed` };
      return { status: s.status, value: s.value, count: s.evidence.records.reduce((n, r) => n + r.ids.length, 0), message: s.message };
    },

    async trend(team, of, window, person) {
      const series = SERIES_OF[of === "oncall-load" ? "ops-share" : of];
      if (series === undefined) return [];
      if (of === "oncall-load" && person !== undefined) {
        const o = await oncall(team, window);
        return (o.people.find((p) => p.person === person)?.weeks ?? []).map((w) => ({ weekStart: w.weekStart, partial: w.partial, value: w.load, count: w.onCall ? 1 : 0 }));
      }
      const result = await teamSeries(db, team, series.metric, window, settings);
      return result.series.find((s) => s.name === series.name)?.points ?? [];
    },

    async sprintReview(team, window) {
      const q = await alertQuality(team, window);
      return {
        count: q.count,
        actionable: q.actionable,
        noise: q.noise,
        actionableRatio: q.actionableRatio,
        timeToFixMinutes: q.timeToFix.medianMinutes,
        pagesBySleep: q.pagesByBand?.sleep ?? null,
        newKeys: q.keys.new,
        recurringKeys: q.keys.recurring,
        topNoisyKeys: q.topNoisyKeys.map((k) => ({ key: k.key, count: k.count, noiseCount: k.noiseCount, suggestion: k.suggestion.pattern === null ? null : `${k.suggestion.pattern}: ${k.suggestion.evidence}` })),
        wokenUp: q.wokenUp.map((w) => ({ name: w.name, count: w.count })),
      };
    },
  };
}
