import { describe, expect, test } from "vitest";
import { alertsPage, incidentsPage, logEntriesPage, oncallsPage, pdLogEntry, schedulesPage, servicesPage, teamsPage, usersPage, escalationPoliciesPage } from "./api-types.ts";
import { acknowledgeEntry, smallDataset } from "./fixtures.ts";

const page = <K extends string, T>(key: K, items: T[]) => ({ [key]: items, limit: 100, offset: 0, more: false, total: null });

describe("PagerDuty response schemas", () => {
  const data = smallDataset();
  test.each([
    ["users", usersPage, data.users],
    ["services", servicesPage, data.services],
    ["teams", teamsPage, data.teams],
    ["escalation_policies", escalationPoliciesPage, data.escalationPolicies],
    ["schedules", schedulesPage, data.schedules],
    ["incidents", incidentsPage, data.incidents],
    ["log_entries", logEntriesPage, [...data.logEntries.values()].flat()],
    ["alerts", alertsPage, [...data.alerts.values()].flat()],
    ["oncalls", oncallsPage, data.oncalls],
  ] as const)("accept realistic %s pages", (key, schema, items) => {
    expect(schema.safeParse(page(key, [...items])).success).toBe(true);
  });

  test("a page without `more` is refused", () => {
    expect(usersPage.safeParse({ users: data.users, limit: 100, offset: 0, total: null }).success).toBe(false);
  });

  test("a known log entry type with the wrong shape is refused, not taken for an unknown type", () => {
    const incident = data.incidents[0];
    const alice = data.users[0];
    if (incident === undefined || alice === undefined) throw new Error("fixture");
    const ack = acknowledgeEntry("X", incident, Date.UTC(2026, 10, 2), alice);
    expect(pdLogEntry.safeParse(ack).success).toBe(true);
    expect(pdLogEntry.safeParse({ ...ack, created_at: "yesterday" }).success).toBe(false);
    const notify = [...(data.logEntries.get("PI1") ?? [])].find((e) => e.type === "notify_log_entry");
    expect(pdLogEntry.safeParse({ ...notify, channel: { notification: { type: "sms_notification" } } }).success).toBe(false);
    // The reference does not require `user` on a notify entry: read, then counted as skipped by the mapper.
    expect(pdLogEntry.safeParse({ ...notify, user: undefined }).success).toBe(true);
  });

  test("log entry types the collector does not use still parse", () => {
    const ack = data.logEntries.get("PI1")?.[0];
    expect(pdLogEntry.safeParse({ ...ack, type: "snooze_log_entry" }).success).toBe(true);
  });
});
