/**
 * Real receivers on loopback for the notification tests: a Slack incoming webhook, a generic
 * webhook endpoint that verifies signatures the way docs/notifications.md tells receivers to, and
 * an SMTP server (smtp-server) whose messages are parsed (mailparser) so tests assert what
 * arrived, not what was called.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

/** What the test wants the next requests answered with: a status, or no answer at all (a hang). */
export type Reply = { status: number; body?: string } | "hang";

export interface ReceivedRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The status the receiver answered (null for a request it left hanging). */
  status: number | null;
  at: number;
}

export interface HttpReceiver {
  url: string;
  requests: ReceivedRequest[];
  /** Replies for the next requests, in order; after them, `fallback`. */
  replies: Reply[];
  close(): Promise<void>;
}

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

async function startReceiver(answer: (req: ReceivedRequest) => { status: number; body: string }, fallback: Reply): Promise<HttpReceiver> {
  const requests: ReceivedRequest[] = [];
  const replies: Reply[] = [];
  const hanging = new Set<http.ServerResponse>();
  const server = http.createServer(async (req, res) => {
    const received: ReceivedRequest = { path: req.url ?? "/", headers: req.headers, body: await readBody(req), status: null, at: Date.now() };
    requests.push(received);
    const reply = replies.shift() ?? fallback;
    if (reply === "hang") {
      hanging.add(res);
      return;
    }
    const answered = reply.status === 200 ? answer(received) : { status: reply.status, body: reply.body ?? "" };
    received.status = answered.status;
    res.writeHead(answered.status, { "content-type": "text/plain" }).end(answered.body);
  });
  const url = await listen(server);
  return {
    url,
    requests,
    replies,
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * A Slack incoming webhook as Slack documents it (https://api.slack.com/messaging/webhooks,
 * "Handling errors"): 200 "ok"; 400 "invalid_payload" for a body that is not JSON or has neither
 * text nor blocks; 400 "invalid_blocks" for blocks outside Block Kit's limits (a header over 150
 * characters, section text over 3,000, more than 10 fields or 50 blocks); 404 "no_service" for a
 * URL that names no webhook.
 */
export async function startSlackReceiver(fallback: Reply = { status: 200 }): Promise<HttpReceiver & { hookPath: string }> {
  const hookPath = "/services/T0001/B0001/XXXXXXXXXXXXXXXXXXXXXXXX";
  const receiver = await startReceiver((req) => {
    if (req.path !== hookPath) return { status: 404, body: "no_service" };
    let payload: unknown;
    try {
      payload = JSON.parse(req.body);
    } catch {
      return { status: 400, body: "invalid_payload" };
    }
    const p = payload as { text?: unknown; blocks?: unknown };
    if (typeof p.text !== "string" && !Array.isArray(p.blocks)) return { status: 400, body: "invalid_payload" };
    if (Array.isArray(p.blocks) && !blocksValid(p.blocks)) return { status: 400, body: "invalid_blocks" };
    return { status: 200, body: "ok" };
  }, fallback);
  return { ...receiver, url: `${receiver.url}${hookPath}`, hookPath };
}

function blocksValid(blocks: unknown[]): boolean {
  if (blocks.length > 50) return false;
  return blocks.every((b) => {
    const block = b as { type?: unknown; text?: { text?: unknown }; fields?: unknown[] };
    const text = typeof block.text?.text === "string" ? block.text.text : "";
    if (block.type === "header") return text.length > 0 && text.length <= 150;
    if (block.type === "section") return text.length <= 3000 && (block.fields === undefined || block.fields.length <= 10) && (text.length > 0 || (block.fields?.length ?? 0) > 0);
    return ["divider", "context", "actions"].includes(String(block.type));
  });
}

/**
 * A webhook endpoint that checks what docs/notifications.md asks a receiver to check: the
 * signature over "<timestamp>.<body>" with the shared secret, a timestamp within five minutes of
 * its own clock, and a delivery id it has not accepted before. Refusals are 401 (bad signature),
 * 403 (stale timestamp) and 409 (a delivery already accepted); `accepted` holds what passed.
 */
export async function startWebhookReceiver(secret: string, fallback: Reply = { status: 200 }): Promise<HttpReceiver & { accepted: ReceivedRequest[]; rejected: { request: ReceivedRequest; why: string }[] }> {
  const seen = new Set<string>();
  const accepted: ReceivedRequest[] = [];
  const rejected: { request: ReceivedRequest; why: string }[] = [];
  const reject = (req: ReceivedRequest, status: number, why: string) => {
    rejected.push({ request: req, why });
    return { status, body: why };
  };
  const receiver = await startReceiver((req) => {
    const timestamp = String(req.headers["x-opsledger-timestamp"] ?? "");
    const signature = String(req.headers["x-opsledger-signature"] ?? "");
    const delivery = String(req.headers["x-opsledger-delivery"] ?? "");
    const expected = `v1=${createHmac("sha256", secret).update(`${timestamp}.${req.body}`).digest("hex")}`;
    const a = Buffer.from(signature);
    const b = Buffer.from(expected);
    if (!/^\d+$/.test(timestamp) || a.length !== b.length || !timingSafeEqual(a, b)) return reject(req, 401, "bad signature");
    if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return reject(req, 403, "stale timestamp");
    if (seen.has(delivery)) return reject(req, 409, "replayed delivery");
    seen.add(delivery);
    accepted.push(req);
    return { status: 200, body: "accepted" };
  }, fallback);
  return { ...receiver, accepted, rejected };
}

export interface SmtpReceiver {
  url: string;
  messages: ParsedMail[];
  /** Envelope recipients per message, in order. */
  recipients: string[][];
  /** Wait until `n` messages have arrived. */
  waitFor(n: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** An SMTP server on loopback (no TLS), requiring the user and password the test gives. */
export async function startSmtpReceiver(auth: { user: string; pass: string }): Promise<SmtpReceiver> {
  const messages: ParsedMail[] = [];
  const recipients: string[][] = [];
  const server = new SMTPServer({
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    authMethods: ["PLAIN", "LOGIN"],
    logger: false,
    onAuth(credentials, _session, callback) {
      if (credentials.username === auth.user && credentials.password === auth.pass) callback(null, { user: auth.user });
      else callback(new Error("Invalid username or password"));
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          messages.push(parsed);
          recipients.push(session.envelope.rcptTo.map((r) => r.address));
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://${encodeURIComponent(auth.user)}:${encodeURIComponent(auth.pass)}@127.0.0.1:${port}`,
    messages,
    recipients,
    async waitFor(n, timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs;
      while (messages.length < n) {
        if (Date.now() > until) throw new Error(`expected ${n} messages, ${messages.length} arrived`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
