/**
 * Fuzzing the two doors anyone can push data through — POST /api/ingest and the signed GitHub
 * webhook — against SQLite and Postgres side by side: a few thousand generated and mutated bodies
 * (fast-check, fixed seed, so every run sends the same ones), each sent to both. For every body:
 * no 5xx and no crash, the same status from both databases, and a rejected body writes nothing
 * (no record kind's data version moves, no delivery is recorded).
 */
import { Writable } from "node:stream";
import { sql } from "kysely";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DIALECTS } from "@opsledger/db/testing";
import { deploymentStatusEvent, pull, pullRequestClosedEvent, sha, workflowRun, workflowRunEvent } from "@opsledger/collectors/testing/github";
import { signGithubPayload } from "@opsledger/collectors";
import { configSchema } from "../config/schema.ts";
import { createTestApp, type TestApp } from "../testing/testApp.ts";
import { createLogger } from "../observability/log.ts";

const SEED = 20_261_207;
const INGEST_BODIES = 1_200;
const WEBHOOK_BODIES = 600;
const SECRET = "whsec-fuzz-5d1e";

// ---- what gets sent -------------------------------------------------------------------------------

const BASE_LINES: Record<string, Record<string, unknown>> = {
  team: { kind: "team", id: "payments", name: "Payments", members: ["ana"], repos: ["acme/api"], services: ["api"], repo_services: { "acme/api": ["api"] }, compliance: ["SOC 2"] },
  person: { kind: "person", id: "ana", name: "Ana", email: "ana@acme.example", timezone: "Europe/Berlin", github: "ana-o", pagerduty: "PANA" },
  deployment: { kind: "deployment", id: "d1", repo: "acme/api", environment: "production", status: "success", finished_at: "2026-03-02T10:00:00Z", sha: "abc", commits: ["abc"], creator: "ana-o", trigger: "manual" },
  change: { kind: "change", id: "acme/api#1", repo: "acme/api", number: 1, author: "ana-o", created_at: "2026-03-01T08:00:00Z", merged_at: "2026-03-01T15:00:00Z", merge_sha: "abc", commits: ["c1"], files: ["infra/main.tf"], changed_files: 1 },
  ci_run: { kind: "ci_run", id: "r1-1", repo: "acme/api", workflow: "ci", branch: "main", sha: "abc", event: "push", attempt: 1, status: "failure", started_at: "2026-03-01T15:00:00Z", finished_at: "2026-03-01T15:10:00Z", triggered_by: "ana-o" },
  incident: { kind: "incident", id: "Q1", service: "api", title: "Down", urgency: "high", created_at: "2026-03-02T10:20:00Z" },
  alert: { kind: "alert", id: "A1", service: "api", key: "err", created_at: "2026-03-02T10:19:00Z" },
  page: { kind: "page", id: "N1", person: "ana", incident_id: "Q1", at: "2026-03-02T10:20:10Z", channel: "push" },
  oncall_shift: { kind: "oncall_shift", person: "ana", schedule: "primary", level: 1, start: "2026-03-02T09:00:00Z", end: "2026-03-09T09:00:00Z" },
  acknowledgement: { kind: "acknowledgement", incident_id: "Q1", person: "ana", at: "2026-03-02T10:24:00Z" },
};

/** A key that JSON.parse makes an own property (an object literal would set the prototype instead). */
const protoObject = (): Record<string, unknown> => JSON.parse('{"__proto__":{"polluted":true},"acme/api":["api"]}') as Record<string, unknown>;

/** Values that broke one database or the other before: past int4, NUL, lone surrogates, long keys, odd shapes. */
const nasty = fc.oneof(
  fc.constantFrom<unknown>(2 ** 31, 3_000_000_000, -(2 ** 31) - 1, 2 ** 53, 1.5, -1, 0, "", "\u0000", "a\u0000b", "\ud800", "x".repeat(600), "é".repeat(300), null, true, [], {}, "2026-03-02T10:00:00", "9999-12-31T23:59:59Z"),
  fc.integer(),
  fc.double(),
  fc.string({ unit: "binary", maxLength: 12 }),
  fc.jsonValue({ maxDepth: 3 }),
  fc.constant("__proto__"),
);

type Mutation = { at: number; action: "set" | "delete" | "add" | "proto"; value: unknown };
const mutation: fc.Arbitrary<Mutation> = fc.record({ at: fc.nat(), action: fc.constantFrom("set", "set", "delete", "add", "proto"), value: nasty });

/** Every (object, key) place in a line, found without recursion. */
function places(root: Record<string, unknown>): { parent: Record<string, unknown> | unknown[]; key: string | number }[] {
  const out: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const stack: (Record<string, unknown> | unknown[])[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === undefined) break;
    const entries: [string | number, unknown][] = Array.isArray(node) ? node.map((v, i) => [i, v]) : Object.entries(node);
    for (const [key, value] of entries) {
      out.push({ parent: node, key });
      if (typeof value === "object" && value !== null) stack.push(value as Record<string, unknown>);
    }
  }
  return out;
}

function mutate(line: Record<string, unknown>, m: Mutation): void {
  const all = places(line);
  const place = all[m.at % Math.max(1, all.length)];
  if (place === undefined) return;
  const { parent, key } = place;
  if (Array.isArray(parent)) {
    if (m.action === "delete") parent.splice(Number(key), 1);
    else parent[Number(key)] = m.value;
    return;
  }
  if (m.action === "delete") delete parent[key];
  else if (m.action === "add") parent[typeof m.value === "string" && m.value !== "" ? m.value : "extra"] = m.value;
  else if (m.action === "proto") parent[key] = protoObject();
  else parent[key] = m.value;
}

const ingestBody = fc
  .record({
    // Most lines go out intact, so a fair share of batches is valid and written.
    lines: fc.array(fc.record({ kind: fc.constantFrom(...Object.keys(BASE_LINES)), n: fc.nat({ max: 40 }), mutations: fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, { weight: 2, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }) }) }), { minLength: 1, maxLength: 3 }),
    array: fc.boolean(),
    garbage: fc.constantFrom("", "", "", "", "", "", "", "{nope", "\u0000", "["),
  })
  .map(({ lines, array, garbage }) => {
    const objects = lines.map(({ kind, n, mutations }) => {
      const line = structuredClone(BASE_LINES[kind] ?? {});
      if ("id" in line) line.id = `${String(line.id)}-${n}`;
      for (const m of mutations) mutate(line, m);
      return line;
    });
    const text = array ? JSON.stringify(objects) : objects.map((o) => JSON.stringify(o)).join("\n");
    return garbage === "" ? text : `${text}\n${garbage}`;
  });

type Delivery = { event: string; body: string };
const webhookBody: fc.Arbitrary<Delivery> = fc
  .record({ event: fc.constantFrom("deployment_status", "workflow_run", "pull_request"), n: fc.integer({ min: 1, max: 500 }), mutations: fc.oneof(fc.constant([]), fc.array(mutation, { minLength: 1, maxLength: 3 })) })
  .map(({ event, n, mutations }) => {
    const payload: Record<string, unknown> =
      event === "deployment_status"
        ? deploymentStatusEvent("acme/api", { id: n, sha: sha(`f${n}`), environment: "production", createdAt: "2026-10-02T12:00:00Z" }, "success", "2026-10-02T12:04:00Z")
        : event === "workflow_run"
          ? workflowRunEvent("acme/api", workflowRun(n))
          : pullRequestClosedEvent("acme/api", pull("acme/api", n));
    for (const m of mutations) mutate(payload, m);
    return { event, body: JSON.stringify(payload) };
  });

/** The cases the issue names, always sent besides the generated ones. */
const NAMED_INGEST: string[] = [
  JSON.stringify({ ...BASE_LINES.change, number: 3_000_000_000 }),
  JSON.stringify({ ...BASE_LINES.oncall_shift, level: 2 ** 31 }),
  JSON.stringify({ ...BASE_LINES.ci_run, attempt: 3_000_000_000 }),
  JSON.stringify({ ...BASE_LINES.incident, title: "Down\u0000" }),
  `${"[".repeat(20_000)}${"]".repeat(20_000)}`,
  `{"kind":"team","id":"t","name":"T","repos":["acme/api"],"services":["api"],"repo_services":{"__proto__":["api"]}}`,
  `{"kind":"person","id":"p","name":"P","timezone":"UTC","x":${"[".repeat(20_000)}${"]".repeat(20_000)}}`,
];
const NAMED_WEBHOOKS: Delivery[] = [
  { event: "workflow_run", body: JSON.stringify(workflowRunEvent("acme/api", workflowRun(7, { name: "CI\u0000" }))) },
  { event: "workflow_run", body: JSON.stringify(workflowRunEvent("acme/api", workflowRun(8, { run_attempt: 3_000_000_000 }))) },
  { event: "workflow_run", body: `{"action":"completed","workflow_run":${"[".repeat(20_000)}${"]".repeat(20_000)}}` },
  { event: "pull_request", body: JSON.stringify(pullRequestClosedEvent("acme/api", pull("acme/api", 3_000_000_000, { at: Date.parse("2026-10-01T00:00:00Z") }))) },
];

// ---- the run --------------------------------------------------------------------------------------

describe(`fuzzing ingest and webhooks on ${DIALECTS.join(" and ")}`, () => {
  const apps: TestApp[] = [];
  // The apps' log, as parsed lines: refusals must reach it, and stay off the test output.
  const logLines: { msg?: string; status?: number; reason?: unknown }[] = [];
  const log = createLogger({
    level: "warn",
    destination: new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(JSON.parse(chunk.toString()) as (typeof logLines)[number]);
        done();
      },
    }),
  });
  beforeAll(async () => {
    const config = configSchema.parse({ sources: { github: { repos: ["acme/api"] } } });
    for (const dialect of DIALECTS) apps.push(await createTestApp(dialect, { config, env: { githubWebhookSecret: SECRET }, log }));
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
  });

  /** Rows of every record table, in one statement: what a refused body must leave as it was. */
  const RECORD_TABLES = ["teams", "team_members", "team_repos", "team_services", "team_repo_services", "people", "deployments", "deployment_commits", "changes", "change_commits", "change_files", "ci_runs", "incidents", "alerts", "pages", "oncall_shifts", "acknowledgements", "committers", "repo_practices"];
  const versions = async (t: TestApp) =>
    JSON.stringify((await sql.raw(`select ${RECORD_TABLES.map((table) => `(select count(*) from ${table}) as ${table}`).join(", ")}`).execute(t.database.db)).rows);
  const deliveries = async (t: TestApp) => (await t.database.db.selectFrom("webhook_deliveries").select("delivery_id").execute()).length;

  /**
   * Send one request to every database; returns the statuses, after checking that anything but a
   * 200 wrote no rows, and a 4xx recorded no delivery either (an ignored delivery, 202, is
   * recorded so its replay is known).
   */
  async function sendEverywhere(send: (t: TestApp) => Response | Promise<Response>): Promise<number[]> {
    const statuses: number[] = [];
    for (const t of apps) {
      const before = [await versions(t), await deliveries(t)];
      const res = await send(t);
      await res.text();
      statuses.push(res.status);
      if (res.status !== 200) expect(await versions(t), `a ${res.status} wrote rows on ${t.database.dialect}`).toEqual(before[0]);
      if (res.status >= 400) expect(await deliveries(t), `a ${res.status} recorded a delivery on ${t.database.dialect}`).toEqual(before[1]);
    }
    return statuses;
  }

  test(`${INGEST_BODIES} generated and mutated ingest bodies, plus the named cases: no 5xx, the same status on each database, a refusal writes nothing`, { timeout: 120_000 }, async () => {
    const bodies = [...NAMED_INGEST, ...fc.sample(ingestBody, { seed: SEED, numRuns: INGEST_BODIES })];
    const tally: Record<number, number> = {};
    for (const body of bodies) {
      const statuses = await sendEverywhere((t) => t.app.request("/api/ingest", { method: "POST", body, headers: { "content-type": "application/x-ndjson" } }));
      expect(statuses.every((s) => s < 500), `${statuses.join("/")} for ${body.slice(0, 200)}`).toBe(true);
      expect(new Set(statuses).size, `statuses differ (${statuses.join("/")}) for ${body.slice(0, 200)}`).toBe(1);
      tally[statuses[0] ?? 0] = (tally[statuses[0] ?? 0] ?? 0) + 1;
    }
    for (const body of NAMED_INGEST) {
      const res = await apps[0]?.app.request("/api/ingest", { method: "POST", body, headers: { "content-type": "application/x-ndjson" } });
      expect(res?.status).toBe(400);
    }
    // The generator must reach both outcomes, or it tests only one door of the route.
    expect(tally[200]).toBeGreaterThan(INGEST_BODIES / 10);
    expect(tally[400]).toBeGreaterThan(INGEST_BODIES / 10);
    const counts = await Promise.all(apps.map(async (t) => JSON.stringify(await (await t.app.request("/api/teams")).json())));
    expect(new Set(counts).size).toBe(1);
  });

  test(`${WEBHOOK_BODIES} generated and mutated signed webhook deliveries, plus the named cases: 400 with a reason, never 5xx, the same on each database`, { timeout: 120_000 }, async () => {
    const deliveriesToSend = [...NAMED_WEBHOOKS, ...fc.sample(webhookBody, { seed: SEED + 1, numRuns: WEBHOOK_BODIES })];
    const tally: Record<number, number> = {};
    const logged = logLines.length;
    let n = 0;
    for (const { event, body } of deliveriesToSend) {
      const id = `fuzz-${++n}`;
      const headers = { "content-type": "application/json", "x-github-event": event, "x-github-delivery": id, "x-hub-signature-256": signGithubPayload(SECRET, body) };
      const statuses = await sendEverywhere((t) => t.app.request("/api/webhooks/github", { method: "POST", body, headers }));
      expect(statuses.every((s) => s < 500), `${statuses.join("/")} for ${event} ${body.slice(0, 200)}`).toBe(true);
      expect(new Set(statuses).size, `statuses differ (${statuses.join("/")}) for ${event} ${body.slice(0, 200)}`).toBe(1);
      tally[statuses[0] ?? 0] = (tally[statuses[0] ?? 0] ?? 0) + 1;
    }
    for (const [i, { event, body }] of NAMED_WEBHOOKS.entries()) {
      const headers = { "content-type": "application/json", "x-github-event": event, "x-github-delivery": `named-${i}`, "x-hub-signature-256": signGithubPayload(SECRET, body) };
      const res = await apps[0]?.app.request("/api/webhooks/github", { method: "POST", body, headers });
      expect(res?.status).toBe(400);
      expect(await res?.json()).toMatchObject({ status: 400, detail: expect.any(String) });
    }
    // Every refusal is logged with its reason: the operator's side of the 400.
    const refusals = logLines.slice(logged).filter((l) => l.msg === "github webhook refused" && l.status === 400);
    expect(refusals).toHaveLength(((tally[400] ?? 0) * apps.length) + NAMED_WEBHOOKS.length);
    expect(refusals.every((l) => typeof l.reason === "string" && l.reason.length > 0)).toBe(true);
    expect(tally[200]).toBeGreaterThan(WEBHOOK_BODIES / 10);
    expect(tally[400]).toBeGreaterThan(WEBHOOK_BODIES / 20);
  });
});
