import { useEffect, useState } from "react";
import { DetailedError } from "hono/client";

/** What a data hook hands a page: one of these, never a half-filled object. */
export type Loadable<T> =
  | { status: "loading" }
  | { status: "error"; message: string }
  | { status: "ready"; data: T };

/** One request: the cache key names the endpoint and every parameter; `fetch` asks the server. */
export interface Query<T> {
  key: string;
  fetch: () => Promise<T>;
}

/**
 * Responses are kept per key for the session, so going back to a page does not reload it, and a
 * request already on its way is shared: a route can start its requests while its code is still
 * downloading (`prefetch`), and the hooks pick them up.
 */
const cache = new Map<string, unknown>();
const inflight = new Map<string, Promise<unknown>>();

/**
 * At most this many requests are on the wire at once; the rest wait in the order they were asked
 * for. The server computes each answer on one thread, so a page that sends all its requests at
 * once gets every answer late; sent in turn, the first chart is on screen after the first answer.
 */
const MAX_CONCURRENT = 2;
let active = 0;
const waiting: (() => void)[] = [];

function schedule<T>(run: () => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const start = () => {
      active += 1;
      run()
        .then(resolve, reject)
        .finally(() => {
          active -= 1;
          waiting.shift()?.();
        });
    };
    if (active < MAX_CONCURRENT) start();
    else waiting.push(start);
  });
}

export function load<T>(query: Query<T>): Promise<T> {
  if (cache.has(query.key)) return Promise.resolve(cache.get(query.key) as T);
  const pending = inflight.get(query.key);
  if (pending !== undefined) return pending as Promise<T>;
  const started = schedule(query.fetch).then(
    (data) => {
      cache.set(query.key, data);
      inflight.delete(query.key);
      return data;
    },
    (error: unknown) => {
      // Failures are not cached: the next visit asks again.
      inflight.delete(query.key);
      throw error;
    },
  );
  inflight.set(query.key, started);
  return started;
}

/** Starts a request without waiting for it; errors surface in the hook that later reads it. */
export function prefetch<T>(query: Query<T>): void {
  load(query).catch(() => undefined);
}

/** The server's own words for a failed request (the problem details' `detail`), else the status line. */
export function errorMessage(error: unknown): string {
  if (error instanceof DetailedError) {
    const detail: unknown = error.detail;
    if (typeof detail === "object" && detail !== null && "data" in detail) {
      const data: unknown = detail.data;
      if (typeof data === "object" && data !== null && "detail" in data && typeof data.detail === "string") return data.detail;
    }
    return `request failed (${error.message})`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** The HTTP status of a failed request, when the server answered. */
export function errorStatus(error: unknown): number | null {
  return error instanceof DetailedError && typeof error.statusCode === "number" ? error.statusCode : null;
}

const cached = <T,>(key: string | null): Loadable<T> =>
  key !== null && cache.has(key) ? { status: "ready", data: cache.get(key) as T } : { status: "loading" };

/** Loads `query` and re-loads when its key changes; a null query waits (nothing to ask for yet). */
export function useLoad<T>(query: Query<T> | null): Loadable<T> {
  const key = query === null ? null : query.key;
  const [state, setState] = useState<{ key: string | null; value: Loadable<T> }>(() => ({ key, value: cached<T>(key) }));

  useEffect(() => {
    if (query === null) return;
    if (cache.has(query.key)) {
      setState({ key: query.key, value: cached<T>(query.key) });
      return;
    }
    let current = true;
    setState({ key: query.key, value: { status: "loading" } });
    load(query).then(
      (data) => {
        if (current) setState({ key: query.key, value: { status: "ready", data } });
      },
      (error: unknown) => {
        if (current) setState({ key: query.key, value: { status: "error", message: errorMessage(error) } });
      },
    );
    return () => {
      current = false;
    };
    // The query object is rebuilt on every render; its key says when it asks for something else.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  // Between a key change and the effect, the previous key's data must not show as the new one's.
  return state.key === key ? state.value : cached<T>(key);
}

/** Two loads as one: ready when both are, the first error otherwise, else loading. */
export function both<A, B>(a: Loadable<A>, b: Loadable<B>): Loadable<[A, B]> {
  if (a.status === "ready" && b.status === "ready") return { status: "ready", data: [a.data, b.data] };
  if (a.status === "error") return a;
  if (b.status === "error") return b;
  return { status: "loading" };
}
