/**
 * The main thread's share of each API request (checks, the result cache, building and writing the
 * answer: about a millisecond) taken one request per turn of the event loop, so the loop polls its
 * sockets between any two requests. Without turns, a hundred clients answered at once meant a
 * hundred requests' work in one go before the loop looked at its sockets again, and /api/health
 * waited behind all of it (1.5–3 s in the bench's load test) though no single request held the
 * loop long. The probes do not take turns: they are answered as soon as they are read.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Offload } from "./offload.ts";

export interface Turns {
  /** Resolves on a later turn of the event loop, after the requests that asked before it. */
  take(): Promise<void>;
}

export function createTurns(): Turns {
  const waiting: (() => void)[] = [];
  let pumping = false;
  // One waiter per setImmediate: its continuation runs as that callback's microtasks, and the
  // next waiter's turn comes after the loop has polled I/O again.
  const pump = () => {
    waiting.shift()?.();
    if (waiting.length > 0) setImmediate(pump);
    else pumping = false;
  };
  return {
    take: () =>
      new Promise<void>((resolve) => {
        waiting.push(resolve);
        if (!pumping) {
          pumping = true;
          setImmediate(pump);
        }
      }),
  };
}

/** Answered the moment they are read: what load balancers and orchestrators poll. */
const PROBES = new Set(["/api/health", "/api/ready"]);

type Listener = (req: IncomingMessage, res: ServerResponse) => unknown;

/** A node request listener whose requests (but the probes) start on their own turn. */
export function listenerTakingTurns(listener: Listener, turns: Turns): Listener {
  return (req, res) => {
    const path = (req.url ?? "/").split("?", 1)[0] ?? "/";
    if (PROBES.has(path)) return listener(req, res);
    return turns.take().then(() => listener(req, res));
  };
}

/** An offload whose answers come back to the main thread on their own turn (building and writing them is the other half of its work). */
export function offloadTakingTurns(offload: Offload, turns: Turns): Offload {
  const after = async <T>(answer: Promise<T>): Promise<T> => {
    const value = await answer;
    await turns.take();
    return value;
  };
  return {
    read: (task, signal) => after(offload.read(task, signal)),
    write: (task) => after(offload.write(task)),
  };
}
