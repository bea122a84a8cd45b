/** Helpers shared by the PagerDuty tests and the benchmark: a fake, a client on it, a clock. */
import type { PagerdutyClientOptions } from "./client.ts";
import type { PersonIdentity } from "./mapper.ts";

export const TEST_TOKEN = "pd-test-token-do-not-log";

/** A clock that only moves when the client sleeps, so waits are measured, not spent. */
export function manualClock(start: number) {
  let t = start;
  const slept: number[] = [];
  return {
    now: () => t,
    sleep: async (ms: number) => {
      slept.push(ms);
      t += ms;
    },
    advance: (ms: number) => {
      t += ms;
    },
    slept,
  };
}

export function fastClientOptions(apiUrl: string, clock: { now: () => number; sleep: (ms: number) => Promise<void> }): PagerdutyClientOptions {
  return { token: TEST_TOKEN, apiUrl, now: clock.now, sleep: clock.sleep, backoffMs: 1, requestsPerMinute: 960 };
}

/** The configured people of the small data set: Alice by email (other case), Bob by mapping, Dana by email. */
export const SMALL_PEOPLE: PersonIdentity[] = [
  { id: "alice", email: "alice@example.com" },
  { id: "bob", email: "bob@example.com" },
  { id: "dana", email: "dana@example.com" },
];
export const SMALL_USER_MAP: Record<string, string> = { PBOB: "bob" };
export const SMALL_SERVICE_MAP: Record<string, string> = { PAPI: "payments-api" };
