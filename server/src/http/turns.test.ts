import http from "node:http";
import { Socket } from "node:net";
import { describe, expect, test } from "vitest";
import { createTurns, listenerTakingTurns } from "./turns.ts";

describe("turns", () => {
  test("requests take their turns in the order they asked, and other callbacks run between two turns", async () => {
    const turns = createTurns();
    const seen: string[] = [];
    const asked = ["a", "b", "c"].map((name) =>
      turns.take().then(() => {
        seen.push(name);
        // Queued by the first request's work: it runs before the third request's turn, where
        // running every waiter at once would have put it after all three.
        if (name === "a") setImmediate(() => seen.push("other"));
      }),
    );
    await Promise.all(asked);
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual(["a", "b", "other", "c"]);
  });
});

describe("a listener taking turns", () => {
  const request = (url: string) => Object.assign(new http.IncomingMessage(new Socket()), { url });

  test("the probes are answered as soon as they are read; every other request starts on its own turn, in order", async () => {
    const handled: string[] = [];
    const listener = listenerTakingTurns((req) => handled.push(req.url ?? ""), createTurns());
    const res = (req: http.IncomingMessage) => new http.ServerResponse(req);
    for (const url of ["/api/teams/payments/dora", "/api/health", "/", "/api/ready?x=1"]) {
      const req = request(url);
      void listener(req, res(req));
    }
    expect(handled).toEqual(["/api/health", "/api/ready?x=1"]);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(handled).toEqual(["/api/health", "/api/ready?x=1", "/api/teams/payments/dora", "/"]);
  });
});
