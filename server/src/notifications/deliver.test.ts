/**
 * Delivery to real receivers on loopback (issue 15, "Done when"): Slack, a signed webhook whose
 * receiver verifies the signature and refuses a replay, and email through an SMTP server — each
 * asserted on what arrived. Retries with backoff, a timeout on one channel while another succeeds,
 * and the delivery log, on SQLite and Postgres.
 */
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { getNotificationHistory, insertNotification } from "@opsledger/db";
import { createTestDatabase, DIALECTS, type TestDatabase } from "@opsledger/db/testing";
import { configSchema, type Config } from "../config/schema.ts";
import { readEnvironment } from "../env.ts";
import { TEST_NOW } from "../testing/clock.ts";
import { startSlackReceiver, startSmtpReceiver, startWebhookReceiver, type HttpReceiver, type SmtpReceiver } from "../testing/receivers.ts";
import { createChannels, signWebhook } from "./channels.ts";
import { deliverPending } from "./deliver.ts";
import { ruleMessage, type NotificationMessage } from "./message.ts";
import { resolveRules } from "./rules.ts";

const SECRET = "whsec_test_0123456789";
const SMTP = { user: "opsledger", pass: "smtp-pass-9876" };

function config(delivery: { timeoutMs?: number } = {}): Config {
  return configSchema.parse({
    notifications: {
      channels: [
        { name: "ops-slack", type: "slack" },
        { name: "pager-hook", type: "webhook" },
        { name: "leads-mail", type: "email", from: "opsledger@acme.example", to: ["leads@acme.example", "oncall@acme.example"] },
      ],
      rules: [{ id: "cfr", figure: "change-failure-rate", comparison: ">", threshold: 0.2, window: "4w", channels: ["ops-slack"] }],
      // Short backoff keeps the retry tests quick; the timeout is generous except where a test is about it.
      delivery: { retries: 2, minBackoffMs: 20, maxBackoffMs: 40, timeoutMs: 5000, ...delivery },
    },
  });
}

/** A firing notification as an evaluation makes it. */
function firing(cfg: Config): NotificationMessage {
  const rule = resolveRules(cfg.notifications)[0];
  if (rule === undefined) throw new Error("no rule");
  return ruleMessage({
    rule,
    event: "firing",
    scope: { key: "team:payments", label: "Payments", team: "payments", person: null },
    verdict: { outcome: "breach", value: 0.31, count: 13, threshold: 0.2, reason: "change failure rate 31% over the last 4 weeks (13 production deployments): > 20%" },
    firingSince: TEST_NOW,
    evaluatedAt: TEST_NOW,
    trend: "▂▃▅█ 12% → 31%",
    link: { label: "Records behind it (failed-deployments)", url: "http://dash.example/teams/payments/records/failed-deployments?from=2026-10-21&to=2026-11-17" },
  });
}

describe.each(DIALECTS)("delivering notifications on %s", (dialect) => {
  let database: TestDatabase;
  let slack: Awaited<ReturnType<typeof startSlackReceiver>>;
  let hook: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let mail: SmtpReceiver;
  let logs: string[];

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
  });
  afterAll(async () => database.close());
  beforeEach(async () => {
    [slack, hook, mail] = await Promise.all([startSlackReceiver(), startWebhookReceiver(SECRET), startSmtpReceiver(SMTP)]);
    logs = [];
  });
  afterEach(async () => {
    await Promise.all([slack.close(), hook.close(), mail.close()]);
  });

  const env = (overrides: Record<string, string> = {}) =>
    readEnvironment({
      OPSLEDGER_CHANNEL_OPS_SLACK_URL: slack.url,
      OPSLEDGER_CHANNEL_PAGER_HOOK_URL: `${hook.url}/opsledger`,
      OPSLEDGER_CHANNEL_PAGER_HOOK_SECRET: SECRET,
      OPSLEDGER_CHANNEL_LEADS_MAIL_URL: mail.url,
      ...overrides,
    });

  /** Queue `message` on `channels` and run one delivery pass, as an evaluation does. */
  async function send(cfg: Config, message: NotificationMessage, channels: string[], envOverrides: Record<string, string> = {}, clock?: () => number) {
    const id = randomUUID();
    await insertNotification(database.db, { id, dedupeKey: `t|${id}`, kind: message.kind, ruleId: "cfr", scope: "team:payments", teamId: "payments", createdAt: TEST_NOW, title: message.title, message: JSON.stringify(message) }, channels, TEST_NOW);
    const built = createChannels(cfg.notifications.channels, env(envOverrides), { timeoutMs: cfg.notifications.delivery.timeoutMs, clock });
    try {
      const outcomes = await deliverPending({ db: database.db, channels: built, policy: cfg.notifications.delivery, now: () => TEST_NOW, log: (l) => logs.push(l) }, { notificationIds: [id] });
      return { id, outcomes: outcomes.sort((a, b) => (a.channel < b.channel ? -1 : 1)) };
    } finally {
      for (const c of built.values()) c.close();
    }
  }

  test("Slack gets Block Kit with the figure, the threshold, the trend and the link to the records", async () => {
    const cfg = config();
    const { outcomes } = await send(cfg, firing(cfg), ["ops-slack"]);
    expect(outcomes).toMatchObject([{ channel: "ops-slack", status: "delivered", attempts: 1, error: null }]);
    expect(slack.requests.map((r) => r.status)).toEqual([200]);
    const payload = JSON.parse(slack.requests[0]?.body ?? "{}") as { text: string; blocks: { type: string; text?: { text: string }; fields?: { text: string }[]; elements?: { url?: string }[] }[] };
    expect(payload.text).toBe("[firing] Payments: change failure rate 31% (> 20%)");
    expect(payload.blocks[0]).toEqual({ type: "header", text: { type: "plain_text", text: "[firing] Payments: change failure rate 31% (> 20%)" } });
    const fields = payload.blocks.flatMap((b) => b.fields ?? []).map((f) => f.text);
    // Slack's mrkdwn wants ">" escaped as "&gt;" (https://api.slack.com/reference/surfaces/formatting#escaping).
    expect(fields).toEqual(expect.arrayContaining(["*Value*\n31%", "*Condition*\n&gt; 20%", "*Window*\nlast 4 weeks", "*Records*\n13"]));
    expect(payload.blocks.some((b) => b.text?.text.includes("▂▃▅█ 12% → 31%"))).toBe(true);
    expect(payload.blocks.find((b) => b.type === "actions")?.elements?.[0]?.url).toBe("http://dash.example/teams/payments/records/failed-deployments?from=2026-10-21&to=2026-11-17");
  });

  test("the webhook is signed; the receiver verifies it, and refuses the same request replayed and an old one", async () => {
    const cfg = config();
    const { id, outcomes } = await send(cfg, firing(cfg), ["pager-hook"]);
    expect(outcomes).toMatchObject([{ channel: "pager-hook", status: "delivered", attempts: 1 }]);
    expect(hook.accepted).toHaveLength(1);
    const original = hook.requests[0];
    if (original === undefined) throw new Error("nothing arrived");
    expect(original.headers["x-opsledger-delivery"]).toBe(id);
    expect(original.headers["x-opsledger-event"]).toBe("firing");
    expect(JSON.parse(original.body)).toMatchObject({ id, kind: "firing", title: "[firing] Payments: change failure rate 31% (> 20%)", data: { rule: "cfr", team: "payments", value: 0.31, threshold: 0.2, comparison: ">" } });

    // An attacker who captured the request sends it again: the receiver has accepted that delivery.
    const headers = { "content-type": "application/json", "x-opsledger-timestamp": String(original.headers["x-opsledger-timestamp"]), "x-opsledger-signature": String(original.headers["x-opsledger-signature"]), "x-opsledger-delivery": id };
    const replay = await fetch(`${hook.url}/opsledger`, { method: "POST", headers, body: original.body });
    expect(replay.status).toBe(409);
    // A tampered body fails the signature.
    const tampered = await fetch(`${hook.url}/opsledger`, { method: "POST", headers, body: original.body.replace("0.31", "0.01") });
    expect(tampered.status).toBe(401);
    expect(hook.accepted).toHaveLength(1);

    // A request signed ten minutes ago (captured and held back) is refused as stale, however well signed.
    const old = await send(cfg, firing(cfg), ["pager-hook"], {}, () => Date.now() - 10 * 60_000);
    expect(old.outcomes).toMatchObject([{ status: "failed", attempts: 1, error: "the webhook answered 403: stale timestamp" }]);
    expect(hook.rejected.map((r) => r.why)).toEqual(["replayed delivery", "bad signature", "stale timestamp"]);
  });

  test("the signature is HMAC-SHA256 over timestamp.body, as documented (value from `openssl dgst -sha256 -hmac secret`)", () => {
    expect(signWebhook("secret", 1700000000, '{"a":1}')).toBe("v1=49f24e537407743fa4a0242bb63b94b9a47ee99cbbe071ccd8a22550ae411686");
  });

  test("email arrives over SMTP with the title as subject, a text and an HTML part, to every address", async () => {
    const cfg = config();
    const { outcomes } = await send(cfg, firing(cfg), ["leads-mail"]);
    expect(outcomes).toMatchObject([{ channel: "leads-mail", status: "delivered", attempts: 1 }]);
    await mail.waitFor(1);
    const message = mail.messages[0];
    expect(message?.subject).toBe("[firing] Payments: change failure rate 31% (> 20%)");
    expect(message?.from?.text).toBe("opsledger@acme.example");
    expect(mail.recipients[0]).toEqual(["leads@acme.example", "oncall@acme.example"]);
    expect(message?.text).toContain("Condition: > 20%");
    expect(message?.text).toContain("Trend (weekly): ▂▃▅█ 12% → 31%");
    expect(message?.text).toContain("Records behind it (failed-deployments): http://dash.example/teams/payments/records/failed-deployments?from=2026-10-21&to=2026-11-17");
    expect(message?.html).toContain("<th style=\"text-align: left; padding: 2px 12px 2px 0;\">Value</th><td>31%</td>");
    expect(logs.join("\n")).not.toContain(SMTP.pass);
  });

  test("a channel that answers 500 twice then 200 delivers once, after three attempts", async () => {
    const cfg = config();
    hook.replies.push({ status: 500, body: "upstream down" }, { status: 500, body: "upstream down" });
    const { id, outcomes } = await send(cfg, firing(cfg), ["pager-hook"]);
    expect(outcomes).toMatchObject([{ channel: "pager-hook", status: "delivered", attempts: 3, error: null }]);
    expect(hook.requests.map((r) => r.status)).toEqual([500, 500, 200]);
    expect(hook.accepted).toHaveLength(1);
    // Every attempt carries the same delivery id, so a receiver that saw a 500 attempt succeed anyway could drop the retry.
    expect(new Set(hook.requests.map((r) => r.headers["x-opsledger-delivery"]))).toEqual(new Set([id]));
    const { items } = await getNotificationHistory(database.db, { page: 1, pageSize: 10 });
    expect(items.find((n) => n.id === id)?.deliveries).toMatchObject([{ channel: "pager-hook", status: "delivered", attempts: 3, lastError: null, deliveredAt: TEST_NOW }]);
  });

  test("a channel that hangs times out and fails, while the other channel delivers without waiting for it", async () => {
    const cfg = config({ timeoutMs: 1000 });
    hook.replies.push("hang", "hang", "hang");
    const started = Date.now();
    const { outcomes } = await send(cfg, firing(cfg), ["ops-slack", "pager-hook"]);
    expect(outcomes).toMatchObject([
      { channel: "ops-slack", status: "delivered", attempts: 1, error: null },
      { channel: "pager-hook", status: "failed", attempts: 3, error: "timed out after 1000 ms" },
    ]);
    // Slack had its message before the webhook's first attempt had even timed out.
    expect((slack.requests[0]?.at ?? Infinity) - started).toBeLessThan(1000);
    expect(hook.requests).toHaveLength(3);
  });

  test("a channel whose URL is not in the environment fails saying which variable to set; a Slack 404 is not retried", async () => {
    const cfg = config();
    const missing = await send(cfg, firing(cfg), ["ops-slack"], { OPSLEDGER_CHANNEL_OPS_SLACK_URL: "" });
    expect(missing.outcomes).toMatchObject([{ status: "failed", attempts: 1, error: "OPSLEDGER_CHANNEL_OPS_SLACK_URL is not set" }]);
    const wrong = await send(cfg, firing(cfg), ["ops-slack"], { OPSLEDGER_CHANNEL_OPS_SLACK_URL: slack.url.replace("XXXX", "YYYY") });
    expect(wrong.outcomes).toMatchObject([{ status: "failed", attempts: 1, error: "Slack answered 404: no_service" }]);
    expect(slack.requests.map((r) => r.status)).toEqual([404]);
  });

  test("secrets never reach the delivery log: a refused SMTP password, a webhook URL carrying a token", async () => {
    const cfg = config();
    const refused = await send(cfg, firing(cfg), ["leads-mail"], { OPSLEDGER_CHANNEL_LEADS_MAIL_URL: mail.url.replace(SMTP.pass, "wrong-password-42") });
    expect(refused.outcomes).toMatchObject([{ status: "failed", attempts: 1 }]);
    const { items } = await getNotificationHistory(database.db, { page: 1, pageSize: 50 });
    const recorded = JSON.stringify(items) + logs.join("\n");
    expect(recorded).not.toContain("wrong-password-42");
    expect(recorded).not.toContain(SECRET);
    expect(recorded).not.toContain("XXXXXXXXXXXXXXXXXXXXXXXX");
  });
});

describe("receivers follow the vendor", () => {
  let slack: HttpReceiver;
  beforeAll(async () => {
    slack = await startSlackReceiver();
  });
  afterAll(async () => slack.close());

  test("the fake Slack refuses what Slack refuses", async () => {
    const post = (body: string) => fetch(slack.url, { method: "POST", headers: { "content-type": "application/json" }, body });
    expect(await (await post("not json")).text()).toBe("invalid_payload");
    expect(await (await post("{}")).text()).toBe("invalid_payload");
    expect(await (await post(JSON.stringify({ blocks: [{ type: "header", text: { type: "plain_text", text: "x".repeat(151) } }] }))).text()).toBe("invalid_blocks");
    expect(await (await post(JSON.stringify({ text: "hello" }))).text()).toBe("ok");
  });
});
