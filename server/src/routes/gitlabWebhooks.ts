/**
 * POST /api/webhooks/gitlab: merge request, pipeline and deployment events. The `X-Gitlab-Token`
 * header must be GITLAB_WEBHOOK_SECRET (checked before the body is parsed); the delivery is
 * deduplicated by GitLab's `Idempotency-Key` (or `X-Gitlab-Event-UUID` on older versions),
 * recorded in the same transaction as the rows it writes, so a retried delivery writes nothing
 * and a failure leaves no trace.
 */
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { recordWebhookDelivery, writeRecordsIn, type WriteCounts } from "@opsledger/db";
import { gitlabAlreadyCollected, gitlabDeliveryKey, mapGitlabWebhook, verifyGitlabToken } from "@opsledger/collectors";
import type { AppDeps } from "../deps.ts";

/** GitLab caps webhook payloads at 25 MB by default (configurable on self-managed). */
const MAX_BODY = 25 * 1024 * 1024;

type Outcome = { status: "processed"; written: WriteCounts } | { status: "ignored"; reason: string } | { status: "duplicate" };

export const gitlabWebhookRoutes = (deps: AppDeps) =>
  new Hono().post(
    "/webhooks/gitlab",
    bodyLimit({ maxSize: MAX_BODY, onError: (c) => c.json({ error: `webhook body larger than ${MAX_BODY} bytes` }, 413) }),
    async (c) => {
      const secret = deps.env.gitlabWebhookSecret;
      if (secret === null) return c.json({ error: "GitLab webhooks are not enabled on this server: set GITLAB_WEBHOOK_SECRET to the webhook's secret token" }, 503);
      if (!verifyGitlabToken(secret, c.req.header("x-gitlab-token"))) {
        return c.json({ error: "missing or wrong X-Gitlab-Token: set the webhook's secret token to this server's GITLAB_WEBHOOK_SECRET" }, 401);
      }
      const event = c.req.header("x-gitlab-event");
      const delivery = gitlabDeliveryKey({ idempotencyKey: c.req.header("idempotency-key"), eventUuid: c.req.header("x-gitlab-event-uuid") });
      if (!event || delivery === null) return c.json({ error: "missing X-Gitlab-Event, or both Idempotency-Key and X-Gitlab-Event-UUID" }, 400);
      let payload: unknown;
      try {
        payload = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(new Uint8Array(await c.req.arrayBuffer())));
      } catch {
        console.warn(`gitlab webhook ${delivery} (${event}) refused: body is not JSON`);
        return c.json({ error: "body is not JSON" }, 400);
      }
      const mapped = mapGitlabWebhook(event, payload);
      if (mapped.kind === "invalid") {
        // GitLab shows the answer in the webhook's recent events; a payload we cannot store is
        // refused with its reason, never a 500 GitLab would retry.
        console.warn(`gitlab webhook ${delivery} (${event}) refused: ${mapped.reason}`);
        return c.json({ error: mapped.reason }, 400);
      }
      const outcome = await deps.db.transaction().execute(async (trx): Promise<Outcome> => {
        if (!(await recordWebhookDelivery(trx, "gitlab", delivery, deps.now()))) return { status: "duplicate" };
        if (mapped.kind === "ignored") return { status: "ignored", reason: mapped.reason };
        if (await gitlabAlreadyCollected(trx, mapped.subject)) return { status: "ignored", reason: "already collected in full by the pull; the stored record is kept" };
        return { status: "processed", written: await writeRecordsIn(trx, mapped.records) };
      });
      if (outcome.status === "duplicate") return c.json({ status: "duplicate" as const, delivery }, 200);
      if (outcome.status === "ignored") return c.json({ status: "ignored" as const, reason: outcome.reason }, 202);
      return c.json({ status: "processed" as const, written: outcome.written }, 200);
    },
  );
