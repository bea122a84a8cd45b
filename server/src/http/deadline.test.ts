/** A read that outlives its deadline is a 504 problem; one whose client leaves is given up; writes run to the end. */
import { describe, expect, test } from "vitest";
import { Hono } from "hono";
import type { AppEnv } from "./context.ts";
import { deadline } from "./deadline.ts";
import { handleError } from "./errors.ts";
import { createTelemetry } from "../observability/metrics.ts";
import { silentLogger } from "../observability/log.ts";

function appWith(ms: number, work: (signal: AbortSignal) => Promise<string>) {
  const telemetry = createTelemetry();
  const app = new Hono<AppEnv>();
  app.onError(handleError(() => undefined));
  app.use("*", async (c, next) => {
    c.set("log", silentLogger());
    c.set("requestId", "test");
    await next();
  });
  app.use("*", deadline(ms, telemetry));
  app.get("/slow", async (c) => c.text(await work(c.var.signal)));
  app.post("/slow", async (c) => c.text(await work(c.var.signal)));
  return { app, telemetry };
}

const abandoned = async (telemetry: ReturnType<typeof createTelemetry>, reason: string) =>
  (await telemetry.requestsAbandoned.get()).values.find((v) => v.labels.reason === reason)?.value ?? 0;

describe("request deadlines", () => {
  test("past the deadline a read is a 504 problem, and its signal aborts so the work can stop", async () => {
    let seen: AbortSignal | undefined;
    const { app, telemetry } = appWith(50, (signal) => {
      seen = signal;
      return new Promise<string>(() => undefined);
    });
    const res = await app.request("/slow");
    expect(res.status).toBe(504);
    expect(((await res.json()) as { type: string }).type).toBe("urn:opsledger:problem:deadline-exceeded");
    expect(seen?.aborted).toBe(true);
    expect(await abandoned(telemetry, "deadline")).toBe(1);
  });

  test("a read whose client goes away is given up", async () => {
    const client = new AbortController();
    const { app, telemetry } = appWith(10_000, () => new Promise<string>(() => undefined));
    const pending = app.request(new Request("http://localhost/slow", { signal: client.signal }));
    setTimeout(() => client.abort(), 20);
    expect((await pending).status).toBe(499);
    expect(await abandoned(telemetry, "client")).toBe(1);
  });

  test("an answer in time is the answer", async () => {
    const { app } = appWith(1000, async () => "done");
    expect(await (await app.request("/slow")).text()).toBe("done");
  });

  test("a write is not cut short: it runs to its end", async () => {
    const { app } = appWith(20, () => new Promise<string>((resolve) => setTimeout(() => resolve("written"), 80)));
    const res = await app.request("/slow", { method: "POST" });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("written");
  });
});
