/**
 * POST /api/webhooks/github and /api/webhooks/gitlab. Each vendor's proof of origin (GitHub's
 * X-Hub-Signature-256 HMAC of the raw body, GitLab's X-Gitlab-Token secret) is checked before
 * anything is parsed; the delivery id is recorded in the same transaction as the rows it writes,
 * so a redelivery writes nothing and a failure leaves no trace. What differs per vendor is a row
 * of `VENDORS`; the route itself is written once.
 */
import { createRoute } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { recordWebhookDelivery, writeRecordsIn, type Db, type NormalizedRecord, type WriteCounts } from "@opsledger/db";
import {
  githubAlreadyCollected,
  gitlabAlreadyCollected,
  gitlabDeliveryKey,
  mapGithubWebhook,
  mapGitlabWebhook,
  verifyGithubSignature,
  verifyGitlabToken,
} from "@opsledger/collectors";
import { githubRepoRule } from "../config/schema.ts";
import type { ServerDeps } from "../deps.ts";
import { json, routeGroup } from "../api/openapi.ts";
import { problems } from "../api/schemas/common.ts";
import { webhookResponse } from "../api/schemas/ingest.ts";
import { ApiError } from "../http/errors.ts";
import type { Logger } from "../observability/log.ts";

/** GitHub and GitLab (by default) both cap webhook payloads at 25 MB. */
export const WEBHOOK_MAX_BODY = 25 * 1024 * 1024;
const MAX_BODY = WEBHOOK_MAX_BODY;

type Transaction = Parameters<Parameters<ReturnType<Db["transaction"]>["execute"]>[0]>[0];
type Mapped =
  | { kind: "invalid"; reason: string }
  | { kind: "ignored"; reason: string }
  | { kind: "records"; records: NormalizedRecord[]; alreadyCollected: (trx: Transaction) => Promise<boolean> };
type Header = (name: string) => string | undefined;

interface Vendor {
  source: "github" | "gitlab";
  name: string;
  docs: string;
  secret: (deps: ServerDeps) => string | null;
  secretVariable: string;
  /** Whether the request proves it came from the vendor; read before the body is parsed. */
  verify: (secret: string, raw: Uint8Array, header: Header) => boolean;
  unverified: string;
  /** The event name and the delivery id that makes a redelivery recognisable, or null when missing. */
  delivery: (header: Header) => { event: string; delivery: string } | null;
  missingHeaders: string;
  map: (deps: ServerDeps, event: string, payload: unknown) => Mapped;
}

const VENDORS: readonly Vendor[] = [
  {
    source: "github",
    name: "GitHub",
    docs: "docs/github.md",
    secret: (deps) => deps.env.githubWebhookSecret,
    secretVariable: "GITHUB_WEBHOOK_SECRET",
    verify: (secret, raw, header) => verifyGithubSignature(secret, raw, header("x-hub-signature-256")),
    unverified: "missing or invalid X-Hub-Signature-256: the body was not signed with this server's webhook secret",
    delivery: (header) => {
      const event = header("x-github-event");
      const delivery = header("x-github-delivery");
      return event && delivery ? { event, delivery } : null;
    },
    missingHeaders: "missing X-GitHub-Event or X-GitHub-Delivery header",
    map: (deps, event, payload) => {
      const mapped = mapGithubWebhook(event, payload, { fallback: (repo) => githubRepoRule(deps.config, repo).fallback });
      if (mapped.kind !== "records") return mapped;
      return { kind: "records", records: mapped.records, alreadyCollected: (trx) => githubAlreadyCollected(trx, mapped.subject) };
    },
  },
  {
    source: "gitlab",
    name: "GitLab",
    docs: "docs/gitlab.md",
    secret: (deps) => deps.env.gitlabWebhookSecret,
    secretVariable: "GITLAB_WEBHOOK_SECRET",
    verify: (secret, _raw, header) => verifyGitlabToken(secret, header("x-gitlab-token")),
    unverified: "missing or wrong X-Gitlab-Token: set the webhook's secret token to this server's GITLAB_WEBHOOK_SECRET",
    delivery: (header) => {
      const event = header("x-gitlab-event");
      // GitLab 17.4+ sends Idempotency-Key; older versions only X-Gitlab-Event-UUID.
      const delivery = gitlabDeliveryKey({ idempotencyKey: header("idempotency-key"), eventUuid: header("x-gitlab-event-uuid") });
      return event && delivery !== null ? { event, delivery } : null;
    },
    missingHeaders: "missing X-Gitlab-Event, or both Idempotency-Key and X-Gitlab-Event-UUID",
    map: (_deps, event, payload) => {
      const mapped = mapGitlabWebhook(event, payload);
      if (mapped.kind !== "records") return mapped;
      return { kind: "records", records: mapped.records, alreadyCollected: (trx) => gitlabAlreadyCollected(trx, mapped.subject) };
    },
  },
];

/** The paths these routes serve: public to the access rules, as each vendor proves itself instead. */
export const WEBHOOK_PATHS: readonly string[] = VENDORS.map((v) => `/api/webhooks/${v.source}`);

type Outcome = { status: "processed"; written: WriteCounts } | { status: "ignored"; reason: string } | { status: "duplicate" };

const webhookRoute = (vendor: Vendor, delivered: (outcome: string) => void) =>
  createRoute({
    method: "post",
    path: `/webhooks/${vendor.source}`,
    tags: ["ingest"],
    summary: `${vendor.name} webhook deliveries`,
    description: `For ${vendor.name}'s webhook deliveries (${vendor.docs}): authenticated by the vendor's proof under ${vendor.secretVariable}, not by a token. A redelivery is recognised by its delivery id and changes nothing.`,
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
      body: { required: true, content: { "application/json": { schema: { type: "object", description: `The event payload ${vendor.name} sends` } } } },
    },
    responses: {
      200: json(webhookResponse, "processed (with what was written), or duplicate for a redelivery"),
      202: json(webhookResponse, "ignored: an event or action opsledger does not use, with why"),
      ...problems({
        400: "A missing event or delivery header, or a body that is not JSON of the event's shape",
        401: "A missing or wrong signature or token",
        413: "A body over 25 MB",
        415: "Not application/json",
        421: "A Host this server does not answer to",
        503: `${vendor.secretVariable} is not set: webhooks are off`,
      }),
    },
  });

export const webhookRoutes = (deps: ServerDeps) => {
  let group = routeGroup();
  for (const vendor of VENDORS) {
    const delivered = (outcome: string) => deps.telemetry.webhookDeliveries.inc({ source: vendor.source, outcome });
    // The operator's side of a refusal: the vendor shows only the status, so the reason is logged.
    const refuse = (log: Logger, status: 400 | 401 | 503, detail: string) => {
      delivered("rejected");
      log.warn({ source: vendor.source, status, reason: detail }, `${vendor.source} webhook refused`);
      return new ApiError(status, detail);
    };
    group = group.openapi(webhookRoute(vendor, delivered), async (c) => {
      const secret = vendor.secret(deps);
      if (secret === null) throw refuse(c.var.log, 503, `${vendor.name} webhooks are not enabled on this server: set ${vendor.secretVariable} to the secret configured on the webhook`);
      const header: Header = (name) => c.req.header(name);
      const raw = new Uint8Array(await c.req.arrayBuffer());
      if (!vendor.verify(secret, raw, header)) throw refuse(c.var.log, 401, vendor.unverified);
      const headers = vendor.delivery(header);
      if (headers === null) throw refuse(c.var.log, 400, vendor.missingHeaders);
      const { event, delivery } = headers;
      let payload: unknown;
      try {
        payload = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(raw));
      } catch {
        throw refuse(c.var.log, 400, "body is not JSON (set the webhook's content type to application/json)");
      }
      // A payload we cannot store is refused with its reason, never a 500 the vendor would retry.
      const mapped = vendor.map(deps, event, payload);
      if (mapped.kind === "invalid") throw refuse(c.var.log, 400, mapped.reason);
      const outcome = await deps.db.transaction().execute(async (trx): Promise<Outcome> => {
        if (!(await recordWebhookDelivery(trx, vendor.source, delivery, deps.now()))) return { status: "duplicate" };
        if (mapped.kind === "ignored") return { status: "ignored", reason: mapped.reason };
        if (await mapped.alreadyCollected(trx)) return { status: "ignored", reason: "already collected in full by the pull; the stored record is kept" };
        return { status: "processed", written: await writeRecordsIn(trx, mapped.records) };
      });
      delivered(outcome.status);
      if (outcome.status === "duplicate") return c.json({ status: "duplicate" as const, delivery }, 200);
      if (outcome.status === "ignored") return c.json({ status: "ignored" as const, reason: outcome.reason }, 202);
      // GitHub waits at most 10 s for an answer, GitLab 10 s by default: the facts follow right
      // after, off the request.
      deps.deriver.drain().catch((error: unknown) => deps.log.error({ err: error, delivery }, `deriving facts after a ${vendor.source} webhook failed`));
      return c.json({ status: "processed" as const, written: outcome.written }, 200);
    });
  }
  return group;
};
