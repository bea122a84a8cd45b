import { useEffect, useState } from "react";
import { DetailedError } from "hono/client";

/** What a data hook hands a page: one of these, never a half-filled object. */
export type Loadable<T> =
  | { status: "loading" }
  | { status: "error"; message: string }
  | { status: "ready"; data: T };

/** Responses are kept per URL for the session, so going back to a page does not reload it. */
const cache = new Map<string, unknown>();

/** The server's own message for a failed request (`{ error }` in the body), else the status line. */
export function errorMessage(error: unknown): string {
  if (error instanceof DetailedError) {
    const detail: unknown = error.detail;
    if (typeof detail === "object" && detail !== null && "data" in detail) {
      const data: unknown = detail.data;
      if (typeof data === "object" && data !== null && "error" in data && typeof data.error === "string") return data.error;
    }
    return `request failed (${error.message})`;
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * Loads `key` with `fetcher` and re-loads when the key changes. `key` must name everything the
 * request depends on (endpoint and parameters); a null key waits (nothing to ask for yet).
 */
export function useLoad<T>(key: string | null, fetcher: (init: RequestInit) => Promise<T>): Loadable<T> {
  const [state, setState] = useState<{ key: string | null; value: Loadable<T> }>(() => ({
    key,
    value: key !== null && cache.has(key) ? { status: "ready", data: cache.get(key) as T } : { status: "loading" },
  }));

  useEffect(() => {
    if (key === null) return;
    if (cache.has(key)) {
      setState({ key, value: { status: "ready", data: cache.get(key) as T } });
      return;
    }
    const controller = new AbortController();
    setState({ key, value: { status: "loading" } });
    fetcher({ signal: controller.signal }).then(
      (data) => {
        cache.set(key, data);
        if (!controller.signal.aborted) setState({ key, value: { status: "ready", data } });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setState({ key, value: { status: "error", message: errorMessage(error) } });
      },
    );
    return () => controller.abort();
    // The fetcher is rebuilt on every render; the key says when it asks for something else.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  // Between a key change and the effect, the previous key's data must not show as the new one's.
  if (state.key !== key) {
    return key !== null && cache.has(key) ? { status: "ready", data: cache.get(key) as T } : { status: "loading" };
  }
  return state.value;
}

/** Two loads as one: ready when both are, the first error otherwise, else loading. */
export function both<A, B>(a: Loadable<A>, b: Loadable<B>): Loadable<[A, B]> {
  if (a.status === "ready" && b.status === "ready") return { status: "ready", data: [a.data, b.data] };
  if (a.status === "error") return a;
  if (b.status === "error") return b;
  return { status: "loading" };
}
