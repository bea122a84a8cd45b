/**
 * A collector run in its own process, for the crash test: the test kills it with SIGKILL in the
 * middle of a page and checks that a rerun leaves no gaps and no duplicates. Not for users (the
 * CLI is `opsledger collect pagerduty`). Reads OPSLEDGER_TEST_DATABASE_URL, PAGERDUTY_API_URL,
 * PAGERDUTY_TOKEN and SINCE (epoch ms).
 */
import { connect } from "@opsledger/db";
import { createPagerdutyClient } from "../client.ts";
import { collectPagerduty } from "../collector.ts";

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined || value === "") throw new Error(`${name} is not set`);
  return value;
};

const connection = connect(env("OPSLEDGER_TEST_DATABASE_URL"));
const client = createPagerdutyClient({ token: env("PAGERDUTY_TOKEN"), apiUrl: env("PAGERDUTY_API_URL"), requestsPerMinute: Infinity });
const since = Number(env("SINCE"));
collectPagerduty({ db: connection.db, client, people: [], defaultSince: since, now: () => Number(env("NOW")) })
  .then((result) => console.log(JSON.stringify(result)))
  .finally(() => {
    client.close();
    return connection.close();
  });
