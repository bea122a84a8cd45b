import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTestDatabase, DIALECTS, type TestDatabase } from "../testing.ts";
import type { Deployment, NormalizedRecord, Team } from "../model.ts";
import { writeRecords } from "../writes/writeRecords.ts";
import { getTeamActivity } from "./getTeamActivity.ts";
import { getTeamDelivery } from "./getTeamDelivery.ts";
import { getTeamOncall } from "./getTeamOncall.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const FROM = Date.parse("2026-03-02T00:00:00Z");
const TO = FROM + 14 * DAY;
const WINDOW = { from: FROM, to: TO, lookbackMs: 90 * DAY, lookaheadMs: DAY };

const team: Team = { id: "core", source: "ingest", name: "Core", members: ["ana"], repos: ["acme/api"], services: ["api"], repoServices: {}, compliance: [] };
const other: Team = { id: "other", source: "ingest", name: "Other", members: ["zoe"], repos: ["acme/web"], services: ["web"], repoServices: {}, compliance: [] };

const deployment = (id: string, at: number, extra: Partial<Deployment> = {}): NormalizedRecord => ({
  kind: "deployment",
  source: "ingest",
  id,
  repo: "acme/api",
  environment: "production",
  status: "success",
  startedAt: null,
  finishedAt: at,
  sha: `sha-${id}`,
  commits: [],
  rollback: false,
  url: null,
  creator: null,
  trigger: null,
  ...extra,
});

// More deployments and changes than one IN-list chunk holds, each with commits.
const MANY = 1200;
const records: NormalizedRecord[] = [
  { kind: "team", ...team },
  { kind: "team", ...other },
  { kind: "person", source: "ingest", id: "ana", name: "Ana", email: null, timezone: "Europe/Berlin", github: null, pagerduty: null },
  ...Array.from({ length: MANY }, (_, i) => deployment(`d${i}`, FROM + i * 60_000, { commits: [`m${i}`, `x${i}`] })),
  deployment("old", FROM - 91 * DAY),
  deployment("lookback", FROM - 89 * DAY, { commits: null }),
  deployment("after", TO + 12 * HOUR),
  deployment("too-late", TO + 2 * DAY),
  deployment("web", FROM + HOUR, { repo: "acme/web" }),
  ...Array.from(
    { length: MANY },
    (_, i): NormalizedRecord => ({
      kind: "change",
      source: "ingest",
      id: `c${i}`,
      repo: "acme/api",
      number: i + 1,
      author: "ana",
      bot: false,
      draft: false,
      createdAt: FROM - DAY,
      firstCommitAt: null,
      firstReviewAt: null,
      mergedAt: FROM + i * 60_000 - 1,
      mergeSha: `m${i}`,
      commits: [`x${i}`],
      labels: ["fix"],
      title: null,
      additions: null,
      deletions: null,
      url: null,
      files: null,
      changedFiles: null,
    }),
  ),
  // An incident on another team's service that names one of this team's deployments, one that
  // names a deployment as its fix, one the member acknowledged, and one far outside the window.
  incident("caused", "web", FROM + 2 * HOUR, { deploymentId: "d5" }),
  incident("fixed", "web", FROM + 3 * HOUR, { fixDeploymentId: "d6" }),
  incident("acked", "web", FROM + 4 * HOUR),
  incident("own", "api", TO + 6 * HOUR),
  incident("own-too-late", "api", TO + 2 * DAY),
  { kind: "acknowledgement", source: "ingest", incidentId: "acked", person: "ana", at: FROM + 4 * HOUR + 60_000 },
  { kind: "oncall_shift", source: "ingest", person: "ana", schedule: "p", level: 1, start: FROM - 3 * DAY, end: FROM + DAY },
  { kind: "oncall_shift", source: "ingest", person: "ana", schedule: "p", level: 1, start: FROM - 10 * DAY, end: FROM - 3 * DAY },
];

function incident(id: string, service: string, at: number, extra: { deploymentId?: string; fixDeploymentId?: string } = {}): NormalizedRecord {
  return {
    kind: "incident",
    source: "ingest",
    id,
    service,
    title: id,
    urgency: "high",
    priority: null,
    createdAt: at,
    acknowledgedAt: null,
    resolvedAt: at + HOUR,
    deploymentId: extra.deploymentId ?? null,
    fixDeploymentId: extra.fixDeploymentId ?? null,
    url: null,
  };
}

describe.each(DIALECTS)("team read queries on %s", (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    await writeRecords(database.db, records);
  });
  afterAll(async () => database.close());

  test("deployments from the look-back to the look-ahead, of the team's repos only, in time order with their commits", async () => {
    const { deployments } = await getTeamDelivery(database.db, team, WINDOW);
    const ids = deployments.map((d) => d.id);
    expect(ids).toHaveLength(MANY + 2);
    expect(ids[0]).toBe("lookback");
    expect(ids.at(-1)).toBe("after");
    expect(ids).not.toContain("old");
    expect(ids).not.toContain("too-late");
    expect(ids).not.toContain("web");
    // Commit lists survive past the first chunk of 1000; "no list" stays null, an empty list stays empty.
    expect(deployments.find((d) => d.id === "d1100")?.commits).toEqual(["m1100", "x1100"]);
    expect(deployments.find((d) => d.id === "lookback")?.commits).toBeNull();
    expect(deployments.find((d) => d.id === "after")?.commits).toEqual([]);
  });

  test("changes merged from the look-back up to the window's end, with their commits", async () => {
    const { changes } = await getTeamDelivery(database.db, team, WINDOW);
    expect(changes).toHaveLength(MANY);
    expect(changes.find((c) => c.id === "c1199")).toMatchObject({ commits: ["x1199"], labels: ["fix"], mergeSha: "m1199" });
  });

  test('changeCommits "deployed": each change keeps exactly its shas that a fetched deployment lists', async () => {
    // d600 finishes at the window's end, so it is not fetched and c600's x600 is listed nowhere fetched.
    const window = { from: FROM, to: FROM + 600 * 60_000, lookbackMs: 90 * DAY, lookaheadMs: 0 };
    const full = await getTeamDelivery(database.db, team, window);
    const deployed = await getTeamDelivery(database.db, team, window, { changeCommits: "deployed" });
    const listed = new Set(full.deployments.flatMap((d) => d.commits ?? []));
    expect(deployed.deployments).toEqual(full.deployments);
    expect(deployed.changes.map((c) => ({ ...c, commits: [] }))).toEqual(full.changes.map((c) => ({ ...c, commits: [] })));
    expect(deployed.changes.map((c) => c.commits)).toEqual(full.changes.map((c) => c.commits.filter((sha) => listed.has(sha))));
    expect(deployed.changes.find((c) => c.id === "c599")?.commits).toEqual(["x599"]);
    expect(deployed.changes.find((c) => c.id === "c600")?.commits).toEqual([]);
  });

  test("incidents of the team's services to the look-ahead, plus incidents naming its deployments as cause or fix", async () => {
    const { incidents } = await getTeamDelivery(database.db, team, WINDOW);
    expect(incidents.map((i) => i.id)).toEqual(["caused", "fixed", "own"]);
  });

  test("on-call rows: incidents a member acknowledged on other services, shifts overlapping the window", async () => {
    const oncall = await getTeamOncall(database.db, team, { ...WINDOW, lookbackMs: 4 * HOUR });
    expect(oncall.people.map((p) => p.id)).toEqual(["ana"]);
    expect(oncall.acknowledgements.map((a) => a.incidentId)).toEqual(["acked"]);
    expect(oncall.incidents.map((i) => i.id)).toEqual(["acked", "own"]);
    expect(oncall.shifts.map((s) => s.start)).toEqual([FROM - 3 * DAY]);
  });

  test("the whole activity lists each incident once", async () => {
    const activity = await getTeamActivity(database.db, team, WINDOW);
    expect(activity.team.id).toBe("core");
    expect(activity.incidents.map((i) => i.id)).toEqual(["caused", "fixed", "acked", "own"]);
  });
});
