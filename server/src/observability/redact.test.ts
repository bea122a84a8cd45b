import { Writable } from "node:stream";
import { describe, expect, test } from "vitest";
import { redactUrl } from "@opsledger/db";
import { createLogger } from "./log.ts";
import { createScrubber, environmentSecrets, REDACTED, secretValues, urlPassword } from "./redact.ts";

describe("redactUrl masks the whole password", () => {
  test.each([
    ["postgres://ops:s3cret@db:5432/ops", "postgres://ops:***@db:5432/ops"],
    ["postgres://ops:p@ss@w0rd@db/ops", "postgres://ops:***@db/ops"],
    ["postgres://ops:a:b/c?d@db.internal:5432/ops?sslmode=require", "postgres://ops:***@db.internal:5432/ops?sslmode=require"],
    ["postgresql://ops:pa%40ss@db/ops", "postgresql://ops:***@db/ops"],
    ["postgres://db/ops?user=ops&password=hunter22&sslmode=require", "postgres://db/ops?user=ops&password=***&sslmode=require"],
    ["postgres://ops@db/ops", "postgres://ops@db/ops"],
    ["sqlite:./data/opsledger.db", "sqlite:./data/opsledger.db"],
  ])("%s → %s", (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });
});

describe("secret values from the environment", () => {
  test("credential-named variables and the DATABASE_URL password, raw and decoded; not short or ordinary values", () => {
    const values = secretValues({
      GITHUB_TOKEN: "ghp_canary1234567890",
      PAGERDUTY_TOKEN: "pd-canary-0987654321",
      GITHUB_WEBHOOK_SECRET: "whsec-canary-55555",
      OPSLEDGER_SECRET: "a".repeat(40),
      SMTP_PASSWORD: "mail-pass-777",
      SLACK_WEBHOOK_URL: "https://hooks.slack.example/T000/B000/XXXX",
      DATABASE_URL: "postgres://ops:p%40ss@word@db/ops",
      PORT: "8080",
      HOME: "/root",
      SHORT_TOKEN: "abc",
    });
    expect(values).toEqual(
      expect.arrayContaining(["ghp_canary1234567890", "pd-canary-0987654321", "whsec-canary-55555", "a".repeat(40), "mail-pass-777", "https://hooks.slack.example/T000/B000/XXXX", "p%40ss@word", "p@ss@word"]),
    );
    expect(values).not.toContain("8080");
    expect(values).not.toContain("/root");
    expect(values).not.toContain("abc");
  });

  test("the secrets of a parsed environment: tokens, the server secret, the database password", () => {
    const env = { databaseUrl: "postgres://ops:p@ss-word-1@db/ops", secret: "s".repeat(32), githubToken: "ghp_1234567", githubWebhookSecret: null, pagerdutyToken: "pd-7654321" };
    expect(environmentSecrets(env).sort()).toEqual(["ghp_1234567", "p@ss-word-1", "pd-7654321", "s".repeat(32)].sort());
  });

  test("urlPassword: nothing without a password", () => {
    expect(urlPassword("postgres://ops@db/ops")).toEqual([]);
    expect(urlPassword("sqlite:./x.db")).toEqual([]);
  });

  test("the scrubber masks a secret however a library quoted it", () => {
    const scrub = createScrubber(['p"a\\ss@word', "ghp_canary1234567890"]);
    expect(scrub('error: token ghp_canary1234567890 rejected')).toBe(`error: token ${REDACTED} rejected`);
    expect(scrub(JSON.stringify({ msg: 'auth p"a\\ss@word failed' }))).not.toContain("ss@word");
    expect(scrub(`url ${encodeURIComponent('p"a\\ss@word')}`)).toBe(`url ${REDACTED}`);
  });
});

describe("the logger", () => {
  const capture = () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    return { lines, destination };
  };

  test("masks credential fields by path and secret values anywhere, and writes JSON lines", () => {
    const { lines, destination } = capture();
    const env = { GITHUB_TOKEN: "ghp_canary1234567890", DATABASE_URL: "postgres://ops:db-pass-canary@db/ops" };
    const log = createLogger({ level: "info", env, destination });
    log.info({ req: { headers: { authorization: "Bearer opsl_abc", cookie: "opsledger_session=opsl_abc" } }, token: "opsl_x", password: "pw-123456" }, "request");
    log.error({ err: new Error("connect failed for postgres://ops:db-pass-canary@db/ops with ghp_canary1234567890") }, "failed");
    const text = lines.join("");
    for (const secret of ["opsl_abc", "opsl_x", "pw-123456", "db-pass-canary", "ghp_canary1234567890"]) expect(text).not.toContain(secret);
    expect(text).toContain(REDACTED);
    for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
  });
});
