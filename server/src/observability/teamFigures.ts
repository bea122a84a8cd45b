/**
 * The product's own figures on /metrics, per team, so teams that live in Grafana can chart and
 * alert on them: production deploys a week, change failure rate, ops share and CI median over
 * the last 28 days. Computing them reads every team's rows, so they are cached: a scrape gets
 * the last figures at once and, when they are older than the cache time, starts one refresh in
 * the background (only the very first scrape waits for them). A refresh computes team by team,
 * yielding between teams, so requests keep being answered while it runs.
 */
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { Counter, Gauge } from "prom-client";
import { getTeams, getCollectorRunTotals, type Db } from "@opsledger/db";
import type { MetricSettings } from "../metrics/index.ts";
import { teamCiOverall, teamDora, teamOpsWork } from "../services/teamWindow.ts";
import { PREFIX, setOrRemove, type Telemetry } from "./metrics.ts";
import type { Logger } from "./log.ts";

const WINDOW_DAYS = 28;

interface TeamFigures {
  team: string;
  deploysPerWeek: number | null;
  changeFailureRate: number | null;
  opsShare: number | null;
  ciMedianSeconds: number | null;
}

interface Snapshot {
  at: number;
  teams: TeamFigures[];
}

export interface TeamFiguresOptions {
  db: Db;
  settings: MetricSettings;
  now: () => number;
  cacheMs: number;
  log: Logger;
  /** The wall clock the cache age is measured on (the metric window follows `now`). */
  clock?: () => number;
}

/** Registers the per-team gauges and the collector-run counters on the telemetry's registry. */
export function registerProductMetrics(telemetry: Telemetry, options: TeamFiguresOptions): { refresh: () => Promise<void> } {
  const clock = options.clock ?? Date.now;
  let snapshot: Snapshot | null = null;
  let refreshing: Promise<void> | null = null;

  const compute = async (): Promise<Snapshot> => {
    const to = options.now();
    const range = { from: to - WINDOW_DAYS * 86_400_000, to };
    const teams: TeamFigures[] = [];
    for (const team of await getTeams(options.db)) {
      const dora = await teamDora(options.db, team, range, options.settings);
      const ci = await teamCiOverall(options.db, team, range);
      const ops = await teamOpsWork(options.db, team, range, options.settings);
      const median = ci.durationMedianMinutes;
      teams.push({
        team: team.id,
        deploysPerWeek: dora.deploymentFrequency.perWeek,
        changeFailureRate: dora.changeFailureRate.rate,
        opsShare: ops.share,
        ciMedianSeconds: median === null ? null : median * 60,
      });
      await yieldToEventLoop();
    }
    return { at: clock(), teams };
  };

  const refresh = (): Promise<void> => {
    refreshing ??= compute()
      .then((next) => {
        snapshot = next;
      })
      .catch((error: unknown) => options.log.error({ err: error }, "computing the per-team figures for /metrics failed"))
      .finally(() => {
        refreshing = null;
      });
    return refreshing;
  };

  /** The figures to expose now: the cached ones (refreshing them behind when stale), or the first ones. */
  const current = async (): Promise<Snapshot | null> => {
    if (snapshot === null) {
      await refresh();
      return snapshot;
    }
    if (clock() - snapshot.at > options.cacheMs) void refresh();
    return snapshot;
  };

  const gauge = (name: string, help: string, pick: (t: TeamFigures) => number | null) =>
    new Gauge({
      name: `${PREFIX}${name}`,
      help,
      labelNames: ["team"],
      registers: [telemetry.registry],
      async collect() {
        const s = await current();
        this.reset();
        for (const t of s?.teams ?? []) setOrRemove(this, { team: t.team }, pick(t));
      },
    });
  gauge("team_deploys_per_week", `Production deployments a week over the last ${WINDOW_DAYS} days`, (t) => t.deploysPerWeek);
  gauge("team_change_failure_rate", `Failed / all production deployments over the last ${WINDOW_DAYS} days (0..1)`, (t) => t.changeFailureRate);
  gauge("team_ops_share", `Share of the team's working time spent on ops work over the last ${WINDOW_DAYS} days (0..1)`, (t) => t.opsShare);
  gauge("team_ci_duration_median_seconds", `Median CI run duration over the last ${WINDOW_DAYS} days`, (t) => t.ciMedianSeconds);
  new Gauge({
    name: `${PREFIX}team_figures_computed_timestamp_seconds`,
    help: "When the per-team figures were computed (they are cached between scrapes)",
    registers: [telemetry.registry],
    async collect() {
      const s = await current();
      if (s === null) this.reset();
      else this.set(s.at / 1000);
    },
  });

  // Collector runs are rows in the database, whichever process ran them: counted at scrape.
  const runs = async () => getCollectorRunTotals(options.db);
  const counterFromRows = (name: string, help: string, value: (r: Awaited<ReturnType<typeof runs>>[number]) => number, labelNames: ("source" | "outcome")[]) =>
    new Counter({
      name: `${PREFIX}${name}`,
      help,
      labelNames,
      registers: [telemetry.registry],
      async collect() {
        this.reset();
        const totals = new Map<string, { labels: Record<string, string>; value: number }>();
        for (const r of await runs()) {
          const labels = Object.fromEntries(labelNames.map((l) => [l, r[l]]));
          const key = JSON.stringify(labels);
          const entry = totals.get(key) ?? { labels, value: 0 };
          entry.value += value(r);
          totals.set(key, entry);
        }
        for (const { labels, value: v } of totals.values()) this.inc(labels as Record<"source" | "outcome", string>, v);
      },
    });
  counterFromRows("collector_runs_total", "Collector runs recorded in the database, by source and outcome", (r) => r.runs, ["source", "outcome"]);
  counterFromRows("collector_records_written_total", "Records written by collector runs, by source", (r) => r.recordsWritten, ["source"]);
  counterFromRows("collector_rate_limit_waits_total", "Times collectors waited for a source's rate limit, by source", (r) => r.rateLimitWaits, ["source"]);

  return { refresh };
}
