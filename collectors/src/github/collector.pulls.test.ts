import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { getSyncCursor } from "@opsledger/db";
import { createTestDatabase, DIALECTS, type TestDatabase } from "@opsledger/db/testing";
import { collectGithub, type GithubCollectorOptions } from "./collector.ts";
import { checkGithubQuery } from "./fake/schemaCheck.ts";
import { collectorOptions, startFakeGithub, testClient, type FakeGithub } from "./fake/scenario.ts";
import { bot, iso, pull, user, type FixturePull } from "./fixtures.ts";
import type { FakeRepo } from "./fake/server.ts";

const REPO = "acme/api";
const HOUR = 3_600_000;

async function changes(db: TestDatabase) {
  const rows = await db.db.selectFrom("changes").selectAll().orderBy("id").execute();
  const commits = await db.db.selectFrom("change_commits").selectAll().orderBy("change_id").orderBy("sha").execute();
  return { rows, commits };
}

describe.each(DIALECTS)("merged pull requests on %s", (dialect) => {
  let fake: FakeGithub;
  let repo: FakeRepo;
  let db: TestDatabase;
  const run = (extra: Partial<GithubCollectorOptions> = {}) =>
    collectGithub(collectorOptions(db.db, testClient(fake), [REPO], { streams: ["pulls"], ...extra }));

  beforeEach(async () => {
    fake = await startFakeGithub();
    repo = fake.addRepo(REPO);
    db = await createTestDatabase(dialect);
  });
  afterEach(async () => {
    // Every query any test made the collector send, with its variables, against GitHub's schema.
    for (const q of fake.queries) expect(checkGithubQuery(q.query, q.variables)).toEqual([]);
    await fake.close();
    await db.close();
  });

  test("a full sync pages through every merged PR in ceil(N/50) requests, and every query is valid against GitHub's schema", async () => {
    for (let i = 1; i <= 120; i++) repo.pulls.push(pull(REPO, i));
    repo.pulls.push({ ...pull(REPO, 121), state: "OPEN", mergedAt: null, mergeCommit: null });
    const summary = await run();
    expect(summary.written.pulls).toBe(120);
    expect(summary.graphqlRequests).toBe(3);
    expect(summary.points).toBe(6);
    expect((await changes(db)).rows.map((r) => r.number)).toHaveLength(120);
    for (const q of fake.queries) expect(checkGithubQuery(q.query, q.variables)).toEqual([]);
  });

  test("a page size beyond GitHub's limit is held to 100 nodes", async () => {
    for (let i = 1; i <= 150; i++) repo.pulls.push(pull(REPO, i));
    const summary = await run({ pullsPageSize: 500 });
    expect([summary.written.pulls, summary.graphqlRequests]).toEqual([150, 2]);
    expect(fake.queries.map((q) => q.variables.first)).toEqual([100, 100]);
  });

  test("an incremental sync with nothing new is one request and writes nothing", async () => {
    for (let i = 1; i <= 60; i++) repo.pulls.push(pull(REPO, i));
    await run();
    const before = fake.requests.length;
    const summary = await run();
    expect(fake.requests.length - before).toBe(1);
    expect(summary.written.pulls).toBe(0);
  });

  test("an incremental sync stops at the watermark: only PRs updated since are read and written", async () => {
    for (let i = 1; i <= 60; i++) repo.pulls.push(pull(REPO, i));
    await run();
    const later = Date.parse("2026-12-01T10:00:00Z");
    const touched = repo.pulls[9] as FixturePull;
    touched.updatedAt = iso(later);
    touched.labels = [{ name: "hotfix" }];
    repo.pulls.push(pull(REPO, 61, { at: later - HOUR, updatedAt: iso(later + HOUR) }));
    const before = fake.requests.length;
    const summary = await run();
    expect(summary.written.pulls).toBe(2);
    expect(fake.requests.length - before).toBe(1);
    const row = await db.db.selectFrom("changes").select(["labels"]).where("id", "=", `${REPO}#10`).executeTakeFirstOrThrow();
    expect(JSON.parse(row.labels)).toEqual(["hotfix"]);
  });

  test("a crash mid-stream, then a rerun, leaves the same rows as a clean run: no gaps, no duplicates", async () => {
    for (let i = 1; i <= 230; i++) repo.pulls.push(pull(REPO, i));
    let calls = 0;
    fake.faults.push({ match: (r) => r.operation === "MergedPullRequests" && ++calls >= 3, kind: "unavailable", times: Infinity });
    await expect(run()).rejects.toThrow("503");
    const partial = await changes(db);
    expect(partial.rows).toHaveLength(100);
    fake.faults.length = 0;
    const rerun = await run();
    expect(rerun.written.pulls).toBe(130);
    expect(rerun.graphqlRequests).toBe(3);

    const clean = await createTestDatabase(dialect);
    try {
      await collectGithub(collectorOptions(clean.db, testClient(fake), [REPO], { streams: ["pulls"] }));
      expect(await changes(db)).toEqual(await changes(clean));
      expect(await getSyncCursor(db.db, { source: "github", stream: "pulls", scope: REPO })).toEqual(
        await getSyncCursor(clean.db, { source: "github", stream: "pulls", scope: REPO }),
      );
    } finally {
      await clean.close();
    }
  });

  test("--since bounds the first sync", async () => {
    for (let i = 1; i <= 40; i++) repo.pulls.push(pull(REPO, i));
    const since = Date.parse((repo.pulls[29] as FixturePull).updatedAt);
    const summary = await run({ since });
    expect(summary.written.pulls).toBe(11);
  });

  test("bot authors are kept with their login and marked as bots; first review ignores the author's own and pending reviews", async () => {
    const at = Date.parse("2026-10-05T09:00:00Z");
    repo.pulls.push(
      pull(REPO, 1, { author: bot("dependabot[bot]"), reviews: [] }),
      pull(REPO, 2, {
        at,
        author: user("ana-o"),
        reviews: [
          { author: user("ana-o"), state: "COMMENTED", submittedAt: iso(at + HOUR) },
          { author: user("bolind"), state: "PENDING", submittedAt: null },
          { author: user("chen"), state: "CHANGES_REQUESTED", submittedAt: iso(at + 2 * HOUR) },
          { author: user("bolind"), state: "APPROVED", submittedAt: iso(at + 3 * HOUR) },
        ],
      }),
      pull(REPO, 3, { author: null }),
    );
    await run();
    const rows = await db.db.selectFrom("changes").select(["number", "author", "bot", "first_review_at"]).orderBy("number").execute();
    expect(rows.map((r) => ({ ...r, bot: Boolean(r.bot), first_review_at: r.first_review_at === null ? null : Number(r.first_review_at) }))).toEqual([
      { number: 1, author: "dependabot[bot]", bot: true, first_review_at: null },
      { number: 2, author: "ana-o", bot: false, first_review_at: at + 2 * HOUR },
      { number: 3, author: "ghost", bot: false, first_review_at: expect.any(Number) },
    ]);
  });

  test("a PR whose first 20 reviews are all its author's gets its first review from a follow-up query", async () => {
    const at = Date.parse("2026-10-05T09:00:00Z");
    const own = Array.from({ length: 25 }, (_, i) => ({ author: user("ana-o"), state: "COMMENTED" as const, submittedAt: iso(at + i * 60_000) }));
    repo.pulls.push(pull(REPO, 7, { at, reviews: [...own, { author: user("chen"), state: "APPROVED", submittedAt: iso(at + 5 * HOUR) }] }));
    const summary = await run();
    const row = await db.db.selectFrom("changes").select("first_review_at").executeTakeFirstOrThrow();
    expect(Number(row.first_review_at)).toBe(at + 5 * HOUR);
    expect(summary.graphqlRequests).toBe(2);
    for (const q of fake.queries) expect(checkGithubQuery(q.query, q.variables)).toEqual([]);
  });

  test("a GraphQL error with partial data: the rest of the page is written, the error reported, and the window read again next time", async () => {
    for (let i = 1; i <= 10; i++) repo.pulls.push(pull(REPO, i));
    fake.fieldErrors.push({ typeName: "PullRequest", fieldName: "title", when: (p) => p.number === 4, message: "Something broke resolving this pull request", type: "INTERNAL" });
    const first = await run();
    expect(first.written.pulls).toBe(9);
    expect(first.warnings).toContainEqual(expect.stringContaining("Something broke resolving this pull request"));
    fake.fieldErrors.length = 0;
    const second = await run();
    expect(second.written.pulls).toBe(10);
    expect((await changes(db)).rows.map((r) => r.number).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const third = await run();
    expect(third.written.pulls).toBe(0);
  });

  test("a 502 and a secondary rate limit on the way change nothing in the result", async () => {
    for (let i = 1; i <= 60; i++) repo.pulls.push(pull(REPO, i));
    fake.faults.push({ match: (r) => r.operation === "MergedPullRequests", kind: "bad-gateway", times: 1 });
    fake.faults.push({ match: (r) => r.operation === "MergedPullRequests" && r.variables.after !== null, kind: "secondary-403", times: 1, retryAfterSeconds: 3 });
    const summary = await run();
    expect(summary.written.pulls).toBe(60);
    expect(summary.retried).toBe(2);
    expect(summary.requests).toBe(4);
  });
});
