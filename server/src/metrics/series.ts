/** Weekly series for every chart: ISO weeks (Monday 00:00 UTC) overlapping the window, clipped to it. */
import { classifyAlerts } from "./alerts.ts";
import { computeCi } from "./ci.ts";
import { classify } from "./dora.ts";
import { oncallIn, prepareOncall } from "./oncall.ts";
import type { MetricSettings } from "./settings.ts";
import { WEEK, isoWeekStart, isoWeeks, median, utcDate } from "./stats.ts";
import { Notes, plural } from "./notes.ts";
import type { ChangeLeadTime, DoraInput, NamedSeries, SeriesInput, SeriesMetric, SeriesOptions, SeriesResult, Window, WeeklyPoint } from "./types.ts";

const EMPTY_DORA: DoraInput = { team: { id: "", repos: [], services: [] }, deployments: [], changes: [], incidents: [] };

/** Items per week (index into `weeks`), one pass instead of one filter per week. */
function bucket<T>(items: T[], at: (t: T) => number, weeks: { weekStart: number; from: number; to: number }[]): T[][] {
  const out: T[][] = weeks.map(() => []);
  const first = weeks[0];
  if (!first) return out;
  for (const item of items) {
    const instant = at(item);
    const i = Math.floor((isoWeekStart(instant) - first.weekStart) / WEEK);
    const w = weeks[i];
    if (w && instant >= w.from && instant < w.to) out[i]?.push(item);
  }
  return out;
}

const values = <T>(list: T[], pick: (t: T) => number | null): number[] =>
  list.flatMap((t) => {
    const v = pick(t);
    return v === null ? [] : [v];
  });

/**
 * One point per ISO week overlapping the window; each week is clipped to the window, so the first
 * and last points may cover part of a week. Counts (deployments, alerts) are plain counts, 0 when
 * none; medians and rates are null for a week with no data. Units: minutes for durations and lead
 * times, fractions for rates and shares.
 */
export function weeklySeries(metric: SeriesMetric, input: SeriesInput, window: Window, settings: MetricSettings, options: SeriesOptions = {}): SeriesResult {
  const notes = new Notes();
  return { ...namedSeries(metric, input, window, settings, options, notes), notes: notes.list };
}

/** People an ops-share series shows unless asked otherwise: one per distinct colour of the chart. */
export const OPS_SHARE_PEOPLE = 6;

function namedSeries(metric: SeriesMetric, input: SeriesInput, window: Window, settings: MetricSettings, options: SeriesOptions, notes: Notes): Omit<SeriesResult, "notes"> {
  const weeks = isoWeeks(window);
  const build = (name: string, point: (w: Window, i: number) => { value: number | null; count: number }): NamedSeries => ({
    name,
    points: weeks.map((w, i): WeeklyPoint => ({ weekStart: utcDate(w.weekStart), ...point(w, i) })),
  });

  switch (metric) {
    case "deployments":
    case "change-failure-rate":
    case "recovery-time": {
      const { deployments } = classify(input.dora ?? EMPTY_DORA, settings);
      const byWeek = bucket(deployments, (d) => d.deployedAt, weeks);
      const inWeek = (i: number) => byWeek[i] ?? [];
      if (metric === "deployments") {
        return { metric, series: [build("deployments", (_, i) => ({ value: inWeek(i).length, count: inWeek(i).length }))] };
      }
      if (metric === "change-failure-rate") {
        return {
          metric,
          series: [
            build("change-failure-rate", (_, i) => {
              const list = inWeek(i);
              return { value: list.length > 0 ? list.filter((d) => d.failed).length / list.length : null, count: list.length };
            }),
          ],
        };
      }
      return {
        metric,
        series: [
          build("recovery-time", (_, i) => {
            const v = values(inWeek(i).filter((d) => d.failed), (d) => d.recoveryMinutes);
            return { value: median(v), count: v.length };
          }),
        ],
      };
    }
    case "lead-time": {
      const { changes } = classify(input.dora ?? EMPTY_DORA, settings);
      const counted = changes.filter((c) => c.excluded === null && c.deployedAt !== null);
      const byWeek = bucket(counted, (c) => c.deployedAt ?? Number.NaN, weeks);
      const part = (name: string, pick: (c: ChangeLeadTime) => number | null) =>
        build(name, (_, i) => {
          const v = values(byWeek[i] ?? [], pick);
          return { value: median(v), count: v.length };
        });
      return {
        metric,
        series: [
          part("total", (c) => c.totalMinutes),
          part("coding", (c) => c.codingMinutes),
          part("pickup", (c) => c.pickupMinutes),
          part("review", (c) => c.reviewMinutes),
          part("deploy", (c) => c.deployMinutes),
        ],
      };
    }
    case "ci-duration":
    case "ci-failure-rate": {
      const byWeek = bucket(input.ciRuns ?? [], (r) => r.startedAt, weeks);
      return {
        metric,
        series: [
          build(metric, (w, i) => {
            const s = computeCi(byWeek[i] ?? [], w).overall;
            return { value: metric === "ci-duration" ? s.durationMedianMinutes : s.failureRate, count: s.successes + s.failures };
          }),
        ],
      };
    }
    case "ops-share": {
      const oncall = input.oncall;
      if (!oncall) return { metric, series: [build("team", () => ({ value: null, count: 0 }))] };
      // Pages are merged into interruptions once for the whole range, then each week is cut out.
      const prepared = prepareOncall(oncall);
      const perWeek = weeks.map((w) => oncallIn(prepared, w, settings));
      const point = (i: number, pick: (r: (typeof perWeek)[number]) => { value: number | null; count: number }): WeeklyPoint => {
        const r = perWeek[i];
        const w = weeks[i];
        return { weekStart: w ? utcDate(w.weekStart) : "", ...(r ? pick(r) : { value: null, count: 0 }) };
      };
      const team: NamedSeries = {
        name: "team",
        points: weeks.map((_, i) => point(i, (r) => ({ value: r.team.opsShare, count: r.team.onCallMembers }))),
      };
      // Each week's people by id (members are unique per week), instead of a find per person and week.
      const peopleByWeek = perWeek.map((r) => new Map(r.people.map((p) => [p.person, p])));
      // The busiest people over the whole window first; ties by id so the choice is stable.
      const ranked = oncallIn(prepared, window, settings).people.sort((a, b) => b.opsMinutes - a.opsMinutes || (a.person < b.person ? -1 : 1));
      const shown = ranked.slice(0, Math.max(0, options.people ?? OPS_SHARE_PEOPLE));
      notes.add(
        "people_omitted",
        ranked.length - shown.length,
        `${plural(ranked.length - shown.length, "member")} with less ops time not drawn; the on-call figures count everyone`,
      );
      const people: NamedSeries[] = shown.map(({ person, name }) => ({
        name: person,
        label: name,
        points: weeks.map((_, i) =>
          point(i, () => {
            const p = peopleByWeek[i]?.get(person);
            return { value: p ? p.opsShare : null, count: p ? p.interruptions.total : 0 };
          }),
        ),
      }));
      return { metric, series: [team, ...people] };
    }
    case "alerts": {
      const classified = classifyAlerts(input.alerts ?? []);
      const byWeek = bucket(classified, (c) => c.alert.createdAt, weeks);
      const inWeek = (i: number) => byWeek[i] ?? [];
      return {
        metric,
        series: [
          build("alerts", (_, i) => ({ value: inWeek(i).length, count: inWeek(i).length })),
          build("noise", (_, i) => ({ value: inWeek(i).filter((c) => c.noise).length, count: inWeek(i).length })),
          build("actionable-ratio", (_, i) => {
            const list = inWeek(i);
            return { value: list.length > 0 ? list.filter((c) => !c.noise).length / list.length : null, count: list.length };
          }),
        ],
      };
    }
  }
}
