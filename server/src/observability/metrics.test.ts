/**
 * /metrics scraped and parsed with a Prometheus text-format parser: request latency by route
 * pattern, ingest rejections, collector runs from the database, and the per-team figures.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import parsePrometheusTextFormat, { type PrometheusFamily } from "parse-prometheus-text-format";
import { DIALECTS } from "@opsledger/db/testing";
import { recordCollectorRun } from "@opsledger/db";
import { createTestApp, type TestApp } from "../testing/testApp.ts";
import { jsonPost } from "../testing/problems.ts";

const NOW = Date.parse("2026-03-20T12:00:00Z");

const batch = [
  { kind: "team", id: "core", name: "Core", members: ["ana"], repos: ["acme/api"], services: ["api"] },
  // A team with a member and nothing else: no records, so no figure at all.
  { kind: "team", id: "quiet", name: "Quiet", members: ["ana"], repos: [], services: [] },
  { kind: "person", id: "ana", name: "Ana", timezone: "UTC" },
  // Four production deployments in the 28 days before NOW, one charged by an incident: 1 a week, CFR 25%.
  ...["2026-02-25", "2026-03-04", "2026-03-11", "2026-03-18"].map((day, i) => ({
    kind: "deployment", id: `d${i}`, repo: "acme/api", environment: "production", status: "success", finished_at: `${day}T10:00:00Z`, sha: `s${i}`, commits: [`s${i}`],
  })),
  { kind: "incident", id: "inc", service: "api", title: "x", urgency: "high", created_at: "2026-03-11T11:00:00Z", resolved_at: "2026-03-11T12:00:00Z", deployment_id: "d2" },
  // CI: 10 and 20 minutes: lower median 10 min.
  { kind: "ci_run", id: "r1", repo: "acme/api", workflow: "ci", branch: "main", sha: "a", event: "push", attempt: 1, status: "success", started_at: "2026-03-10T10:00:00Z", finished_at: "2026-03-10T10:10:00Z" },
  { kind: "ci_run", id: "r2", repo: "acme/api", workflow: "ci", branch: "main", sha: "b", event: "push", attempt: 1, status: "failure", started_at: "2026-03-11T10:00:00Z", finished_at: "2026-03-11T10:20:00Z" },
];

const family = (families: PrometheusFamily[], name: string): PrometheusFamily => {
  const found = families.find((f) => f.name === name);
  if (found === undefined) throw new Error(`no ${name} in /metrics (have ${families.map((f) => f.name).join(", ")})`);
  return found;
};
const sample = (f: PrometheusFamily, labels: Record<string, string>) => f.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));

/**
 * One series of a labelled histogram, parsed by the library: it reads a histogram's count and sum
 * only when they carry no labels, so the lines of one label set are handed to it without them.
 */
const histogramSeries = (text: string, name: string, labels: Record<string, string>) => {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const lines = text
    .split("\n")
    .filter((l) => l.startsWith(`# HELP ${name} `) || l.startsWith(`# TYPE ${name} `) || (l.startsWith(`${name}_`) && wanted.every((w) => l.includes(w))))
    // Only `le` stays: the library reads count and sum of an unlabelled histogram alone.
    .map((l) => l.replace(/\{([^}]*)\}/, (_, inner: string) => {
      const le = /le="[^"]*"/.exec(inner)?.[0];
      return le === undefined ? "" : `{${le}}`;
    }));
  // The exposition format ends every line with a newline; the library drops a last line without one.
  return family(parsePrometheusTextFormat(`${lines.join("\n")}\n`), name).metrics[0];
};

describe.each(DIALECTS)("/metrics on %s", (dialect) => {
  let t: TestApp;
  let families: PrometheusFamily[];
  let text: string;

  beforeAll(async () => {
    t = await createTestApp(dialect, { now: NOW });
    expect((await t.app.request("/api/ingest", jsonPost(batch))).status).toBe(200);
    expect((await t.app.request("/api/ingest", { method: "POST", body: '{"kind":"nope"}', headers: { "content-type": "application/x-ndjson" } })).status).toBe(400);
    expect((await t.app.request("/api/teams/core/dora?from=2026-03-01")).status).toBe(200);
    expect((await t.app.request("/api/teams/core/dora?from=2026-03-02")).status).toBe(200);
    await recordCollectorRun(t.database.db, { source: "github", startedAt: NOW - 60_000, finishedAt: NOW, outcome: "success", recordsWritten: 120, rateLimitWaits: 2 });
    await recordCollectorRun(t.database.db, { source: "github", startedAt: NOW - 30_000, finishedAt: NOW, outcome: "failure", recordsWritten: 5, rateLimitWaits: 0 });
    const res = await t.app.request("/metrics");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/plain; version=0.0.4");
    text = await res.text();
    // The whole exposition parses: every line is valid text format.
    families = parsePrometheusTextFormat(text);
  });
  afterAll(async () => t.close());

  test("request latency is a histogram by route pattern, never by raw path", () => {
    expect(family(families, "opsledger_http_request_duration_seconds").type).toBe("HISTOGRAM");
    const dora = histogramSeries(text, "opsledger_http_request_duration_seconds", { route: "/api/teams/:team/dora", method: "GET", status: "200" });
    expect(dora?.count).toBe("2");
    expect(dora?.buckets?.["+Inf"]).toBe("2");
    expect(Number(dora?.sum)).toBeGreaterThan(0);
    expect(text).not.toMatch(/route="[^"]*core/);
  });

  test("ingest rejections and records are counted", () => {
    expect(sample(family(families, "opsledger_ingest_rejections_total"), { reason: "invalid" })?.value).toBe("1");
    expect(sample(family(families, "opsledger_ingest_records_total"), { kind: "deployment" })?.value).toBe("4");
  });

  test("collector runs and records written come from the database, whichever process ran them", () => {
    const runs = family(families, "opsledger_collector_runs_total");
    expect(runs.type).toBe("COUNTER");
    expect(sample(runs, { source: "github", outcome: "success" })?.value).toBe("1");
    expect(sample(runs, { source: "github", outcome: "failure" })?.value).toBe("1");
    expect(sample(family(families, "opsledger_collector_records_written_total"), { source: "github" })?.value).toBe("125");
    expect(sample(family(families, "opsledger_collector_rate_limit_waits_total"), { source: "github" })?.value).toBe("2");
  });

  test("the product's own figures per team, over the last 28 days", () => {
    expect(Number(sample(family(families, "opsledger_team_deploys_per_week"), { team: "core" })?.value)).toBeCloseTo(1, 10);
    expect(Number(sample(family(families, "opsledger_team_change_failure_rate"), { team: "core" })?.value)).toBeCloseTo(0.25, 10);
    expect(Number(sample(family(families, "opsledger_team_ci_duration_median_seconds"), { team: "core" })?.value)).toBe(600);
    // Core has records, and none of them is ops work charged to its member (the red run's change
    // has no known author, no deployment was run by hand): a measured 0, as its dashboard says.
    expect(sample(family(families, "opsledger_team_ops_share"), { team: "core" })?.value).toBe("0");
    // Quiet has no records: no ops share series at all (null is never 0).
    expect(sample(family(families, "opsledger_team_ops_share"), { team: "quiet" })).toBeUndefined();
    expect(Number(family(families, "opsledger_team_figures_computed_timestamp_seconds").metrics[0]?.value)).toBeGreaterThan(0);
  });
});
