/**
 * Run the fake PagerDuty by hand, to try `opsledger collect pagerduty` without an account:
 *   node --import tsx collectors/src/pagerduty/fake/serve.ts [small|<incident count>]
 * It prints the PAGERDUTY_API_URL and PAGERDUTY_TOKEN to export, and serves until interrupted.
 */
import { DAY, generatedDataset, smallDataset } from "../fixtures.ts";
import { startFakePagerduty } from "./server.ts";

const arg = process.argv[2] ?? "small";
const to = Date.now();
const data = arg === "small" ? smallDataset() : generatedDataset({ count: Number(arg), from: to - 365 * DAY, to });
const token = "fake-token";
const fake = await startFakePagerduty({ token, data });
console.log(`PAGERDUTY_API_URL=${fake.url} PAGERDUTY_TOKEN=${token}`);
process.on("SIGINT", () => {
  void fake.close().then(() => process.exit(0));
});
