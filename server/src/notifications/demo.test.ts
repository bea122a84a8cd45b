/**
 * The demo organisation evaluated with the shipped default rules (issue 15, "Done when"): the
 * rules fire for the teams the demo was shaped to alarm — `DEMO_SHAPE`, next to the demo's
 * definition — and only those, each notification arriving at a real webhook receiver. The weekly
 * digest (and the sprint review digest) of one demo team is saved in test-artifacts/.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getTeams } from "@opsledger/db";
import { createTestDatabase, DIALECTS, type TestDatabase } from "@opsledger/db/testing";
import { configSchema } from "../config/schema.ts";
import { derivationSettings, inlineDeriver } from "../derive/deriver.ts";
import { readEnvironment } from "../env.ts";
import { loadDemo } from "../demo/index.ts";
import { SHAPED, signalsWith } from "../demo/shape.testing.ts";
import { startWebhookReceiver } from "../testing/receivers.ts";
import { createNotifier } from "./index.ts";
import { renderHtml, renderText } from "./render.ts";

/** This suite's own clock, not the shared test clock: its digests and states name the weeks and instants around it. */
const TEST_NOW = Date.parse("2026-11-18T10:00:00Z");

const SECRET = "whsec_demo";
const ARTIFACTS = path.resolve(import.meta.dirname, "../../../test-artifacts");

const config = configSchema.parse({
  notifications: {
    dashboardUrl: "http://localhost:8080",
    channels: [{ name: "leads-hook", type: "webhook" }],
    defaultChannels: ["leads-hook"],
    digests: [
      { kind: "weekly", channels: ["leads-hook"] },
      { kind: "sprint", channels: ["leads-hook"] },
    ],
  },
});

describe.each(DIALECTS)("the demo org with the default rules on %s", (dialect) => {
  let database: TestDatabase;
  let hook: Awaited<ReturnType<typeof startWebhookReceiver>>;

  beforeAll(async () => {
    [database, hook] = await Promise.all([createTestDatabase(dialect), startWebhookReceiver(SECRET)]);
    await loadDemo(database.db, { scale: 1, seed: 1, now: TEST_NOW });
    // The rules read the read model: the facts follow the records as the server derives them.
    await inlineDeriver(database.db, derivationSettings(config)).drain();
  });
  afterAll(async () => {
    await Promise.all([database.close(), hook.close()]);
  });

  const notifier = () =>
    createNotifier({
      db: database.db,
      config,
      env: readEnvironment({ OPSLEDGER_CHANNEL_LEADS_HOOK_URL: hook.url, OPSLEDGER_CHANNEL_LEADS_HOOK_SECRET: SECRET }),
      now: () => TEST_NOW,
      log: () => {},
    });

  test("the rules fire for the teams the demo was shaped to alarm, and only those", async () => {
    const teams = (await getTeams(database.db)).map((t) => t.id).sort();
    expect(teams).toEqual(SHAPED.map(([team]) => team).sort());
    const { report, deliveries } = await notifier().evaluate({ dryRun: false, trigger: "test" });
    const fired = report.scopes.filter((s) => s.event === "firing").map((s) => `${s.scope.replace("team:", "")}: ${s.ruleId}`);
    const expected = SHAPED.flatMap(([team, shape]) => signalsWith(shape, "firing").map((signal) => `${team}: ${signal}`));
    expect(fired.sort()).toEqual(expected.sort());
    expect(deliveries.every((d) => d.status === "delivered")).toBe(true);
    const arrived = hook.accepted.map((r) => JSON.parse(r.body) as { data: { team: string; signal: string } }).map((m) => `${m.data.team}: ${m.data.signal}`);
    expect(arrived.sort()).toEqual(expected.sort());
    // Every other team and signal was judged, and is ok (or has no verdict): nothing else fires.
    expect(report.scopes).toHaveLength(teams.length * 5);
  });

  test("the weekly digest of a demo team shows last week's figures against the week before, and what fires", async () => {
    const weekly = config.notifications.digests[0];
    const sprint = config.notifications.digests[1];
    if (weekly === undefined || sprint === undefined) throw new Error("digests missing");
    const n = notifier();
    const { outcomes } = await n.digest(weekly, { teams: ["payments"] });
    const message = outcomes[0]?.message;
    if (message === null || message === undefined) throw new Error("no digest made");
    const text = renderText(message);
    expect(text).toMatch(/^Payments weekly digest: Nov 9 – Nov 15\n/);
    for (const line of ["Deployment frequency: ", "Lead time: ", "Change failure rate: ", "Ops share: ", "Actionable alert ratio: ", "Ops load signal firing: ", "Compliance signal firing: "]) {
      expect(text).toContain(line);
    }
    // The same week again is not sent twice.
    const again = await n.digest(weekly, { teams: ["payments"] });
    expect(again.outcomes[0]?.note).toBe("already made for 2026-11-09");
    expect(hook.accepted.filter((r) => r.headers["x-opsledger-event"] === "weekly-digest")).toHaveLength(1);

    // The sprint review digest waits for the sprint's last day (TEST_NOW is mid-sprint); a day before the end it is made.
    const { outcomes: early } = await n.digest(sprint, { teams: ["payments"], dryRun: true });
    expect(early[0]?.note).toMatch(/waits for the sprint's last day/);
    // Sprint 21 (Oct 26 – Nov 8) on its last evening: the review's agenda.
    const lastDay = createNotifier({ db: database.db, config, env: readEnvironment({}), now: () => Date.parse("2026-11-08T18:00:00Z"), log: () => {} });
    const review = (await lastDay.digest(sprint, { teams: ["payments"], dryRun: true })).outcomes[0]?.message;
    if (review === null || review === undefined) throw new Error("no sprint digest made");
    const reviewText = renderText(review);
    expect(reviewText).toMatch(/^Payments sprint review: sprint 21 \(Oct 26 – Nov 8\)\n/);
    for (const line of ["Alerts: ", "Actionable: ", "Time to fix (median, actionable alerts): ", "Noisiest alerts", "Who was woken up", "Sprint review: http://localhost:8080/teams/payments/sprints/21"]) {
      expect(reviewText).toContain(line);
    }
    if (dialect === "sqlite") {
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      fs.writeFileSync(path.join(ARTIFACTS, "weekly-digest-payments.txt"), text);
      fs.writeFileSync(path.join(ARTIFACTS, "weekly-digest-payments.html"), renderHtml(message));
      fs.writeFileSync(path.join(ARTIFACTS, "sprint-digest-payments.txt"), reviewText);
    }
  });
});
