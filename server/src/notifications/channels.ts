/**
 * The channels a notification goes out on — Slack incoming webhook, signed generic webhook, email
 * over SMTP — behind one interface, built once from the config and the environment. A channel
 * sends one attempt; retries and the delivery log are deliver.ts's. URLs and secrets stay inside
 * the channel objects: every error they raise has them blanked out before anyone records it.
 */
import { createHmac } from "node:crypto";
import nodemailer from "nodemailer";
import type { ChannelConfig } from "../config/notifications.ts";
import { channelEnv, channelSecrets, type Environment } from "../env.ts";
import type { NotificationMessage } from "./message.ts";
import { renderHtml, renderSlack, renderText, renderWebhook } from "./render.ts";

export interface SendContext {
  /** The notification's id: the webhook's delivery id, for receivers that drop duplicates. */
  notificationId: string;
  /** Aborts the attempt (its timeout). */
  signal: AbortSignal;
}

export interface Channel {
  name: string;
  type: ChannelConfig["type"];
  /** One attempt; throws on failure, a `PermanentDeliveryError` when trying again cannot help. */
  send(message: NotificationMessage, context: SendContext): Promise<void>;
  close(): void;
}

/** A failure no retry can fix: a channel with no URL, a Slack 404, an SMTP address refused. */
export class PermanentDeliveryError extends Error {
  override readonly name = "PermanentDeliveryError";
}

/** Header names of a signed webhook (docs/notifications.md says how to verify them). */
export const WEBHOOK_HEADERS = {
  signature: "x-opsledger-signature",
  timestamp: "x-opsledger-timestamp",
  delivery: "x-opsledger-delivery",
  event: "x-opsledger-event",
} as const;

/**
 * The signature of a webhook body: HMAC-SHA256 with the channel's secret over
 * "<timestamp>.<body>", hex, written "v1=<hex>". The timestamp (Unix seconds) is signed with the
 * body, so a receiver that refuses old timestamps refuses a captured request replayed later.
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

export interface ChannelOptions {
  /** The clock webhook timestamps are written with (transport freshness, not the figures' clock). */
  clock?: () => number;
  /** One attempt's limit, also the SMTP connection and socket timeouts. */
  timeoutMs: number;
}

/** Every configured channel by name; a channel whose URL or secret is missing fails each delivery, saying which variable to set. */
export function createChannels(configs: readonly ChannelConfig[], env: Pick<Environment, "channels">, options: ChannelOptions): Map<string, Channel> {
  const clock = options.clock ?? Date.now;
  const channels = new Map<string, Channel>();
  for (const config of configs) {
    const { url, secret } = channelSecrets(env, config.name);
    const hide = redactor([url, secret]);
    const missing = (variable: string): Channel => ({
      name: config.name,
      type: config.type,
      send: async () => {
        throw new PermanentDeliveryError(`${variable} is not set`);
      },
      close: () => {},
    });
    if (url === null) {
      channels.set(config.name, missing(channelEnv(config.name, "URL")));
      continue;
    }
    switch (config.type) {
      case "slack":
        channels.set(config.name, guarded(slackChannel(config.name, url), hide));
        break;
      case "webhook":
        channels.set(config.name, secret === null ? missing(channelEnv(config.name, "SECRET")) : guarded(webhookChannel(config.name, url, secret, clock), hide));
        break;
      case "email":
        channels.set(config.name, guarded(emailChannel(config, url, options.timeoutMs), hide));
        break;
    }
  }
  return channels;
}

/** Blank every secret out of a text (a URL in an error message, a password in an SMTP reply). */
function redactor(secrets: (string | null)[]): (text: string) => string {
  const hidden = secrets.filter((s): s is string => s !== null && s.length > 0);
  return (text) => hidden.reduce((out, s) => out.split(s).join("***"), text);
}

function guarded(channel: Channel, hide: (text: string) => string): Channel {
  return {
    ...channel,
    send: async (message, context) => {
      try {
        await channel.send(message, context);
      } catch (error) {
        const text = hide(describe(error, context.signal));
        throw error instanceof PermanentDeliveryError ? new PermanentDeliveryError(text) : new Error(text);
      }
    },
  };
}

function describe(error: unknown, signal: AbortSignal): string {
  if (signal.aborted) return "timed out";
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
}

/** POST JSON; a 4xx other than 408 and 429 is permanent, anything else may pass on a retry. */
async function postJson(url: string, body: string, headers: Record<string, string>, signal: AbortSignal, what: string): Promise<void> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body, signal });
  const text = (await response.text()).slice(0, 200);
  if (response.ok) return;
  const message = `${what} answered ${response.status}${text ? `: ${text}` : ""}`;
  if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) throw new PermanentDeliveryError(message);
  throw new Error(message);
}

/** Slack incoming webhook (https://api.slack.com/messaging/webhooks): 200 "ok", or an error code in the body. */
function slackChannel(name: string, url: string): Channel {
  return {
    name,
    type: "slack",
    send: (message, context) => postJson(url, JSON.stringify(renderSlack(message)), {}, context.signal, "Slack"),
    close: () => {},
  };
}

function webhookChannel(name: string, url: string, secret: string, clock: () => number): Channel {
  return {
    name,
    type: "webhook",
    send: async (message, context) => {
      const sentAt = clock();
      const body = JSON.stringify(renderWebhook(message, { notificationId: context.notificationId, sentAt }));
      const timestamp = Math.floor(sentAt / 1000);
      await postJson(
        url,
        body,
        {
          [WEBHOOK_HEADERS.timestamp]: String(timestamp),
          [WEBHOOK_HEADERS.signature]: signWebhook(secret, timestamp, body),
          [WEBHOOK_HEADERS.delivery]: context.notificationId,
          [WEBHOOK_HEADERS.event]: message.kind,
        },
        context.signal,
        "the webhook",
      );
    },
    close: () => {},
  };
}

/** Email over SMTP with nodemailer: `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465`. */
function emailChannel(config: Extract<ChannelConfig, { type: "email" }>, url: string, timeoutMs: number): Channel {
  const transport = nodemailer.createTransport({ url, connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs });
  return {
    name: config.name,
    type: "email",
    send: async (message, context) => {
      const sending = transport.sendMail({ from: config.from, to: config.to, subject: message.title, text: renderText(message), html: renderHtml(message) });
      // A send that outlives its timeout still settles later; that outcome has nobody to hear it.
      sending.catch(() => undefined);
      const aborted = new Promise<never>((_, reject) => {
        const stop = () => reject(new Error("timed out"));
        if (context.signal.aborted) stop();
        else context.signal.addEventListener("abort", stop, { once: true });
      });
      try {
        await Promise.race([sending, aborted]);
      } catch (error) {
        // SMTP 5xx replies (mailbox unknown, relay denied) and refused credentials are permanent; 4xx and network errors are not.
        const code = (error as { responseCode?: unknown; code?: unknown }).responseCode;
        if ((typeof code === "number" && code >= 500) || (error as { code?: unknown }).code === "EAUTH") throw new PermanentDeliveryError((error as Error).message);
        throw error;
      }
    },
    close: () => transport.close(),
  };
}
