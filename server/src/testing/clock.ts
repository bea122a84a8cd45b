/**
 * The instant tests take as "now". No test outcome may depend on the day the suite runs, so
 * anything that asks for the current time in a test gets this one: the server through
 * `deps.now`, the CLI through `OPSLEDGER_NOW`, the browser through Playwright's clock.
 * `OPSLEDGER_TEST_NOW` moves it, so CI can run the suite as of awkward days (a sprint's first
 * day, a daylight-saving change, a year end).
 */
const DEFAULT_TEST_NOW = "2026-11-18T10:00:00Z";

function testNow(): string {
  const given = process.env.OPSLEDGER_TEST_NOW;
  if (given === undefined || given === "") return DEFAULT_TEST_NOW;
  if (!Number.isFinite(Date.parse(given))) throw new Error(`OPSLEDGER_TEST_NOW must be an ISO-8601 instant (got "${given}")`);
  return new Date(Date.parse(given)).toISOString();
}

export const TEST_NOW_ISO = testNow();
export const TEST_NOW = Date.parse(TEST_NOW_ISO);
