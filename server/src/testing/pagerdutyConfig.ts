/**
 * The configuration that goes with the PagerDuty fake's small dataset
 * (`@opsledger/collectors/testing/pagerduty` `smallDataset()`): its team, people and the mapping
 * of its PagerDuty users and services, for the CLI and API tests that collect it.
 */
import { configSchema, type Config } from "../config/schema.ts";

export const smallDatasetConfig = (): Config =>
  configSchema.parse({
    teams: [{ id: "payments", name: "Payments", members: ["alice", "bob", "dana"], services: ["payments-api", "PWEB"] }],
    people: [
      { id: "alice", name: "Alice", email: "alice@example.com", timezone: "Europe/Berlin" },
      { id: "bob", name: "Bob", email: "bob@example.com", timezone: "Europe/London" },
      { id: "dana", name: "Dana", email: "dana@example.com", timezone: "America/New_York" },
    ],
    sources: { pagerduty: { since: "2026-10-26", users: { PBOB: "bob" }, services: { PAPI: "payments-api" } } },
  });
