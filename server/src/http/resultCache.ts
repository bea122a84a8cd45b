/**
 * Answers of the figure endpoints kept between requests (docs/decisions/0012): a sprint review
 * opening the same dashboards, or a VP reopening the report, costs one computation. An answer is
 * kept under its URL and the version stamp of the facts it was computed from — a team's version
 * for a team's figures, the stamp of every team for the org summary and the reports — so a write
 * that changes a team's facts retires exactly that team's answers (and the org-wide ones), in
 * every server process sharing the database. The cache is bounded by bytes (lru-cache), and the
 * minute is part of the key: figures over "the last 90 days" move with the clock.
 */
import { LRUCache } from "lru-cache";
import { createMiddleware } from "hono/factory";
import { getVersionStamp, type Db } from "@opsledger/db";
import type { AppEnv } from "./context.ts";

interface Kept {
  body: ArrayBuffer;
  headers: [string, string][];
}

/** Headers of one answer only, never replayed from the cache. */
const OWN_HEADERS = new Set(["x-request-id", "set-cookie", "date", "content-length"]);

/** Which answers are figures of the read model, and of which team (null: of every team). */
export function cacheScope(path: string): { team: string | null } | null {
  const team = /^\/api\/teams\/([^/]+)\/(dora|ci|oncall|ops-work|alerts|sprints|signals|series|records|maturity)$/.exec(path);
  if (team?.[1] !== undefined) return { team: decodeURIComponent(team[1]) };
  if (path === "/api/org/summary" || /^\/api\/reports\/[^/]+(\/export)?$/.test(path)) return { team: null };
  return null;
}

/** How a figure request was answered: computed, kept from before, or shared with the same request in flight. */
export type CacheOutcome = "miss" | "hit" | "shared";

export function resultCache(db: Db, options: { maxBytes: number; now: () => number; counted?: (outcome: CacheOutcome) => void }) {
  const kept = new LRUCache<string, Kept>({ maxSize: options.maxBytes, sizeCalculation: (v, k) => v.body.byteLength + k.length + 64 });
  // A write retires every answer of a team at once, and a sprint review opens the same dashboards
  // together: the same question arriving while it is computed waits for that answer instead of
  // queueing a second computation of it on the worker threads.
  const inFlight = new Map<string, Promise<Kept | null>>();
  const answer = (found: Kept, outcome: CacheOutcome) => {
    options.counted?.(outcome);
    return new Response(found.body, { status: 200, headers: found.headers });
  };
  const middleware = createMiddleware<AppEnv>(async (c, next) => {
    if (c.req.method !== "GET") return next();
    const scope = cacheScope(c.req.path);
    if (scope === null) return next();
    const url = new URL(c.req.url);
    url.searchParams.sort();
    const minute = Math.floor(options.now() / 60_000);
    const key = `${await getVersionStamp(db, scope.team)}|${minute}|${url.pathname}?${url.searchParams.toString()}`;
    const found = kept.get(key);
    if (found !== undefined) return answer(found, "hit");
    const pending = inFlight.get(key);
    if (pending !== undefined) {
      const shared = await pending;
      // The first asker got no answer to keep (an error, a deadline): this one asks for itself.
      if (shared !== null) return answer(shared, "shared");
      return next();
    }
    options.counted?.("miss");
    let settle: (value: Kept | null) => void = () => {};
    inFlight.set(key, new Promise((resolve) => (settle = resolve)));
    let entry: Kept | null = null;
    try {
      await next();
      if (c.res.status !== 200) return;
      const body = await c.res.clone().arrayBuffer();
      const headers: [string, string][] = [];
      c.res.headers.forEach((value, name) => {
        if (!OWN_HEADERS.has(name)) headers.push([name, value]);
      });
      entry = { body, headers };
      kept.set(key, entry);
    } finally {
      inFlight.delete(key);
      settle(entry);
    }
  });
  return { middleware };
}
