import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DIALECTS, createTestDatabase, type TestDatabase } from "../testing.ts";
import type { NormalizedRecord } from "../model.ts";
import { writeRecords } from "./writeRecords.ts";
import { getTeams } from "../queries/getTeams.ts";

const HOUR = 3_600_000;
const batch: NormalizedRecord[] = [
  { kind: "team", id: "core", source: "ingest", name: "Core", members: ["ana", "bo"], repos: ["acme/api"], services: ["api"], repoServices: {}, compliance: ["SOC 2"] },
  { kind: "person", id: "ana", source: "ingest", name: "Ana", email: null, timezone: "Europe/Berlin", github: "ana", pagerduty: null },
  {
    kind: "deployment", source: "ingest", id: "d1", repo: "acme/api", environment: "production", status: "success",
    startedAt: null, finishedAt: 10 * HOUR, sha: "abc", commits: ["abc", "def"], rollback: false, url: null, creator: null, trigger: null,
  },
  {
    kind: "deployment", source: "ingest", id: "d2", repo: "acme/api", environment: "production", status: "success",
    startedAt: null, finishedAt: 11 * HOUR, sha: "fff", commits: null, rollback: false, url: null, creator: null, trigger: null,
  },
];

describe.each(DIALECTS)("writeRecords on %s", (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
  });
  afterAll(async () => t.close());

  test("writing the same batch twice leaves the same rows", async () => {
    await writeRecords(t.db, batch);
    await writeRecords(t.db, batch);
    expect(await t.db.selectFrom("deployments").select(["id", "has_commit_list"]).orderBy("id").execute()).toEqual([
      { id: "d1", has_commit_list: 1 },
      { id: "d2", has_commit_list: 0 },
    ]);
    expect(await t.db.selectFrom("deployment_commits").select("sha").orderBy("sha").execute()).toEqual([{ sha: "abc" }, { sha: "def" }]);
    const teams = await getTeams(t.db);
    expect(teams).toEqual([
      { id: "core", source: "ingest", name: "Core", members: ["ana", "bo"], repos: ["acme/api"], services: ["api"], repoServices: {}, compliance: ["SOC 2"] },
    ]);
  });

  test("a re-sent record replaces its lists instead of appending to them", async () => {
    const first = batch[2];
    if (first?.kind !== "deployment") throw new Error("fixture");
    await writeRecords(t.db, [{ ...first, commits: ["abc"] }]);
    expect(await t.db.selectFrom("deployment_commits").select("sha").where("deployment_id", "=", "d1").execute()).toEqual([{ sha: "abc" }]);
    const rows = await t.db.selectFrom("deployments").select("finished_at").where("id", "=", "d1").execute();
    expect(rows).toEqual([{ finished_at: 10 * HOUR }]);
  });

  test("which services each repo deploys is stored, read back per repo, and replaced when the team is re-sent", async () => {
    const payments: NormalizedRecord = {
      kind: "team", id: "payments", source: "ingest", name: "Payments", members: [],
      repos: ["acme/payments-api", "acme/ledger", "acme/docs"], services: ["payments-api", "ledger", "psp-gateway"],
      repoServices: { "acme/payments-api": ["payments-api", "psp-gateway"], "acme/ledger": ["ledger"] },
      compliance: [],
    };
    await writeRecords(t.db, [payments]);
    const read = async () => (await getTeams(t.db)).find((team) => team.id === "payments")?.repoServices;
    // acme/docs has no mapping: it keeps the team-wide failure rule, so it is simply absent.
    expect(await read()).toEqual({ "acme/ledger": ["ledger"], "acme/payments-api": ["payments-api", "psp-gateway"] });
    await writeRecords(t.db, [{ ...payments, repoServices: { "acme/ledger": ["ledger"] } }]);
    expect(await read()).toEqual({ "acme/ledger": ["ledger"] });
    await writeRecords(t.db, [{ ...payments, repoServices: {} }]);
    expect(await read()).toEqual({});
    // Other teams' mappings are untouched by the replace.
    expect((await getTeams(t.db)).find((team) => team.id === "core")?.repoServices).toEqual({});
  });
});
