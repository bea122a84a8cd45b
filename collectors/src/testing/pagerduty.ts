/**
 * The loopback fake of PagerDuty, its fixtures and test helpers, for other packages' tests:
 * `import … from "@opsledger/collectors/testing/pagerduty"`. Not part of the runtime API.
 */
export { startFakePagerduty, type FakePagerduty } from "../pagerduty/fake/server.ts";
export * from "../pagerduty/fixtures.ts";
export * from "../pagerduty/testing.ts";
