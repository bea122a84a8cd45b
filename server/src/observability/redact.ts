/**
 * What never reaches a log line, an error message or the CLI's output: the secrets this process
 * was given. Two layers, both tested (redact.test.ts):
 * - by path: pino's `redact` masks known fields (credentials in headers, tokens, passwords);
 * - by value: every secret's value from the environment (variables named like credentials, and
 *   the password inside DATABASE_URL) is replaced wherever it appears in the text written, so a
 *   secret quoted inside an error message from a library is masked too.
 */
export const REDACTED = "[REDACTED]";

/** Fields masked wherever they appear in a logged object. */
export const REDACT_PATHS: readonly string[] = [
  "req.headers.authorization",
  "req.headers.cookie",
  "req.headers['x-hub-signature-256']",
  "res.headers['set-cookie']",
  "headers.authorization",
  "headers.cookie",
  "token",
  "*.token",
  "secret",
  "*.secret",
  "password",
  "*.password",
  "databaseUrl",
  "*.databaseUrl",
  "githubToken",
  "*.githubToken",
  "pagerdutyToken",
  "*.pagerdutyToken",
  "githubWebhookSecret",
  "*.githubWebhookSecret",
];

/** Environment variables whose values are secrets, by name. */
export const SECRET_NAME = /(TOKEN|SECRET|PASSWORD|PASSWD|PASS|API_KEY|PRIVATE_KEY|CREDENTIALS?|WEBHOOK_URL)$/i;

/** Values shorter than this are not scrubbed by value: "1" or "true" would mask half the log. */
const MIN_SECRET_VALUE = 6;

/** The password inside a connection URL (raw and percent-decoded), if any. */
export function urlPassword(url: string): string[] {
  const start = url.indexOf("//");
  const at = url.lastIndexOf("@");
  if (start === -1 || at <= start) return [];
  const userinfo = url.slice(start + 2, at);
  const colon = userinfo.indexOf(":");
  if (colon === -1) return [];
  const raw = userinfo.slice(colon + 1);
  let decoded = raw;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    // Not percent-encoded after all: the raw text is what a library would print.
  }
  const query = /[?&]password=([^&#]*)/i.exec(url)?.[1];
  return [...new Set([raw, decoded, ...(query === undefined ? [] : [query])])];
}

/** Every secret value in an environment (process.env shape). */
export function secretValues(env: NodeJS.ProcessEnv): string[] {
  const values = new Set<string>();
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || value === "") continue;
    if (SECRET_NAME.test(name)) values.add(value);
    if (/(^|_)(DATABASE_URL|DB_URL|URL)$/i.test(name)) for (const p of urlPassword(value)) values.add(p);
  }
  return [...values].filter((v) => v.length >= MIN_SECRET_VALUE).sort((a, b) => b.length - a.length);
}

/** Replaces each secret (also as it appears escaped inside JSON or percent-encoded) with [REDACTED]. */
export function createScrubber(secrets: readonly string[]): (text: string) => string {
  const forms = new Set<string>();
  for (const s of secrets) {
    forms.add(s);
    forms.add(JSON.stringify(s).slice(1, -1));
    forms.add(encodeURIComponent(s));
  }
  const ordered = [...forms].filter((f) => f.length > 0).sort((a, b) => b.length - a.length);
  if (ordered.length === 0) return (text) => text;
  return (text) => {
    let out = text;
    for (const form of ordered) if (out.includes(form)) out = out.split(form).join(REDACTED);
    return out;
  };
}

/** The secrets of a parsed Environment (for code handed the environment, not process.env). */
export function environmentSecrets(env: { databaseUrl: string; secret: string | null; githubToken: string | null; githubWebhookSecret: string | null; pagerdutyToken: string | null }): string[] {
  const values = [env.secret, env.githubToken, env.githubWebhookSecret, env.pagerdutyToken, ...urlPassword(env.databaseUrl)];
  return values.filter((v): v is string => v !== null && v.length >= MIN_SECRET_VALUE);
}
