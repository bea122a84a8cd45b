/**
 * POST /api/webhooks/github. The signature (X-Hub-Signature-256, HMAC-SHA256 of the raw body under
 * GITHUB_WEBHOOK_SECRET) is checked before anything is parsed; the delivery id is recorded in the
 * same transaction as the rows it writes, so a replay writes nothing and a failure leaves no trace.
 */
import { createRoute } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { recordWebhookDelivery, writeRecordsIn, type WriteCounts } from "@opsledger/db";
import { githubAlreadyCollected, mapGithubWebhook, verifyGithubSignature } from "@opsledger/collectors";
import { githubRepoRule } from "../config/schema.ts";
import type { ServerDeps } from "../deps.ts";
import { json, routeGroup } from "../api/openapi.ts";
import { problems } from "../api/schemas/common.ts";
import { webhookResponse } from "../api/schemas/ingest.ts";
import { ApiError } from "../http/errors.ts";

/** GitHub caps webhook payloads at 25 MB. */
const MAX_BODY = 25 * 1024 * 1024;

type Outcome = { status: "processed"; written: WriteCounts } | { status: "ignored"; reason: string } | { status: "duplicate" };

const githubWebhook = (delivered: (outcome: string) => void) => createRoute({
  method: "post",
  path: "/webhooks/github",
  tags: ["ingest"],
  summary: "GitHub webhook deliveries",
  description:
    "For GitHub's webhook deliveries (docs/github.md): authenticated by the X-Hub-Signature-256 HMAC under GITHUB_WEBHOOK_SECRET, not by a token. A redelivery is recognised by X-GitHub-Delivery and changes nothing.",
  middleware: [
    bodyLimit({
      maxSize: MAX_BODY,
      onError: () => {
        delivered("rejected");
        throw new ApiError(413, `webhook body larger than ${MAX_BODY} bytes`);
      },
    }),
  ] as const,
  request: {
    body: { required: true, content: { "application/json": { schema: { type: "object", description: "The event payload GitHub sends" } } } },
  },
  responses: {
    200: json(webhookResponse, "processed (with what was written), or duplicate for a redelivery"),
    202: json(webhookResponse, "ignored: an event or action opsledger does not use, with why"),
    ...problems({
      400: "A missing X-GitHub-Event or X-GitHub-Delivery header, or a body that is not JSON of the event's shape",
      401: "A missing or wrong signature",
      413: "A body over 25 MB",
      415: "Not application/json",
      421: "A Host this server does not answer to",
      503: "GITHUB_WEBHOOK_SECRET is not set: webhooks are off",
    }),
  },
});

export const webhookRoutes = (deps: ServerDeps) => {
  const delivered = (outcome: string) => deps.telemetry.webhookDeliveries.inc({ source: "github", outcome });
  const refuse = (status: 400 | 401 | 503, detail: string) => {
    delivered("rejected");
    return new ApiError(status, detail);
  };
  return routeGroup()
    .openapi(githubWebhook(delivered), async (c) => {
      const secret = deps.env.githubWebhookSecret;
      if (secret === null) throw refuse(503, "GitHub webhooks are not enabled on this server: set GITHUB_WEBHOOK_SECRET to the secret configured on the webhook");
      const raw = new Uint8Array(await c.req.arrayBuffer());
      if (!verifyGithubSignature(secret, raw, c.req.header("x-hub-signature-256"))) {
        throw refuse(401, "missing or invalid X-Hub-Signature-256: the body was not signed with this server's webhook secret");
      }
      const event = c.req.header("x-github-event");
      const delivery = c.req.header("x-github-delivery");
      if (!event || !delivery) throw refuse(400, "missing X-GitHub-Event or X-GitHub-Delivery header");
      let payload: unknown;
      try {
        payload = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(raw));
      } catch {
        throw refuse(400, "body is not JSON (set the webhook's content type to application/json)");
      }
      const mapped = mapGithubWebhook(event, payload, { fallback: (repo) => githubRepoRule(deps.config, repo).fallback });
      if (mapped.kind === "invalid") throw refuse(400, mapped.reason);
      const outcome = await deps.db.transaction().execute(async (trx): Promise<Outcome> => {
        if (!(await recordWebhookDelivery(trx, "github", delivery, deps.now()))) return { status: "duplicate" };
        if (mapped.kind === "ignored") return { status: "ignored", reason: mapped.reason };
        if (await githubAlreadyCollected(trx, mapped.subject)) return { status: "ignored", reason: "already collected in full by the pull; the stored record is kept" };
        return { status: "processed", written: await writeRecordsIn(trx, mapped.records) };
      });
      delivered(outcome.status);
      if (outcome.status === "duplicate") return c.json({ status: "duplicate" as const, delivery }, 200);
      if (outcome.status === "ignored") return c.json({ status: "ignored" as const, reason: outcome.reason }, 202);
      // GitHub waits at most 10 s for an answer: the facts follow right after, off the request.
      deps.deriver.drain().catch((error: unknown) => deps.log.error({ err: error, delivery }, "deriving facts after a github webhook failed"));
      return c.json({ status: "processed" as const, written: outcome.written }, 200);
    });
};
