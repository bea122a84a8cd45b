/**
 * POST /api/webhooks/github. The signature (X-Hub-Signature-256, HMAC-SHA256 of the raw body under
 * GITHUB_WEBHOOK_SECRET) is checked before anything is parsed; the delivery id is recorded in the
 * same transaction as the rows it writes, so a replay writes nothing and a failure leaves no trace.
 */
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { recordWebhookDelivery, writeRecordsIn, type WriteCounts } from "@opsledger/db";
import { githubAlreadyCollected, mapGithubWebhook, verifyGithubSignature } from "@opsledger/collectors";
import { githubRepoRule } from "../config/schema.ts";
import type { AppDeps } from "../deps.ts";

/** GitHub caps webhook payloads at 25 MB. */
const MAX_BODY = 25 * 1024 * 1024;

type Outcome = { status: "processed"; written: WriteCounts } | { status: "ignored"; reason: string } | { status: "duplicate" };

export const webhookRoutes = (deps: AppDeps) =>
  new Hono().post(
    "/webhooks/github",
    bodyLimit({ maxSize: MAX_BODY, onError: (c) => c.json({ error: `webhook body larger than ${MAX_BODY} bytes` }, 413) }),
    async (c) => {
      const secret = deps.env.githubWebhookSecret;
      if (secret === null) return c.json({ error: "GitHub webhooks are not enabled on this server: set GITHUB_WEBHOOK_SECRET to the secret configured on the webhook" }, 503);
      const raw = new Uint8Array(await c.req.arrayBuffer());
      if (!verifyGithubSignature(secret, raw, c.req.header("x-hub-signature-256"))) {
        return c.json({ error: "missing or invalid X-Hub-Signature-256: the body was not signed with this server's webhook secret" }, 401);
      }
      const event = c.req.header("x-github-event");
      const delivery = c.req.header("x-github-delivery");
      if (!event || !delivery) return c.json({ error: "missing X-GitHub-Event or X-GitHub-Delivery header" }, 400);
      let payload: unknown;
      try {
        payload = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(raw));
      } catch {
        console.warn(`github webhook ${delivery} (${event}) refused: body is not JSON`);
        return c.json({ error: "body is not JSON (set the webhook's content type to application/json)" }, 400);
      }
      const mapped = mapGithubWebhook(event, payload, { fallback: (repo) => githubRepoRule(deps.config, repo).fallback });
      if (mapped.kind === "invalid") {
        // GitHub shows the answer in the delivery log, and the operator sees it here: a payload we
        // cannot store is refused with its reason, never a 500 GitHub would retry forever.
        console.warn(`github webhook ${delivery} (${event}) refused: ${mapped.reason}`);
        return c.json({ error: mapped.reason }, 400);
      }
      const outcome = await deps.db.transaction().execute(async (trx): Promise<Outcome> => {
        if (!(await recordWebhookDelivery(trx, "github", delivery, deps.now()))) return { status: "duplicate" };
        if (mapped.kind === "ignored") return { status: "ignored", reason: mapped.reason };
        if (await githubAlreadyCollected(trx, mapped.subject)) return { status: "ignored", reason: "already collected in full by the pull; the stored record is kept" };
        return { status: "processed", written: await writeRecordsIn(trx, mapped.records) };
      });
      if (outcome.status === "duplicate") return c.json({ status: "duplicate" as const, delivery }, 200);
      if (outcome.status === "ignored") return c.json({ status: "ignored" as const, reason: outcome.reason }, 202);
      // GitHub waits at most 10 s for an answer: the facts follow right after, off the request.
      deps.deriver.drain().catch((error: unknown) => console.error(`deriving after github webhook ${delivery} failed:`, error));
      return c.json({ status: "processed" as const, written: outcome.written }, 200);
    },
  );
