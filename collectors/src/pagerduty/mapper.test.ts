import { describe, expect, test } from "vitest";
import type { PdLogEntry } from "./api-types.ts";
import { DAY, HOUR, MINUTE, pdOncall, pdEscalationPolicy, pdSchedule, pdUser, ref, resolveEntry, smallDataset, SMALL_WEEK_START, type Resolver } from "./fixtures.ts";
import { mapIncident, mapOncall, matchUsers, resolvedBy, unmatchedPerson } from "./mapper.ts";

const data = smallDataset();
const incident = (id: string) => {
  const found = data.incidents.find((i) => i.id === id);
  if (found === undefined) throw new Error(`no fixture ${id}`);
  return found;
};
const ctx = { personOf: (id: string) => `person:${id}`, serviceOf: (id: string) => (id === "PAPI" ? "payments-api" : id) };
const map = (id: string, entries: readonly PdLogEntry[] = data.logEntries.get(id) ?? []) => mapIncident(incident(id), entries, data.alerts.get(id) ?? [], ctx);

describe("matchUsers", () => {
  const users = data.users;
  test("matches by explicit mapping, by the person's pagerduty id, and by email whatever its case", () => {
    const identity = matchUsers(users, [{ id: "alice", email: "alice@EXAMPLE.com" }, { id: "dana-p", pagerduty: "PDANA" }], { PBOB: "bob" });
    expect(["PALICE", "PBOB", "PDANA", "PCAROL"].map(identity.personOf)).toEqual(["alice", "bob", "dana-p", "pagerduty:PCAROL"]);
    expect(identity.unmatched.map((u) => u.id)).toEqual(["PCAROL"]);
  });
  test("an unmatched user keeps name, email and time zone", () => {
    const dana = pdUser("PDANA", "Dana Night", "dana@example.com", "America/New_York");
    expect(unmatchedPerson(dana)).toEqual({ id: "pagerduty:PDANA", source: "pagerduty", name: "Dana Night", email: "dana@example.com", timezone: "America/New_York", github: null, pagerduty: "PDANA" });
  });
});

describe("resolvedBy", () => {
  const i1 = incident("PI1");
  const alice = data.users[0];
  if (alice === undefined) throw new Error("fixture");
  test.each<[string, Resolver, string]>([
    ["a user", { by: "user", user: alice }, "person"],
    ["the monitoring integration", { by: "integration" }, "system"],
    ["the auto-resolve timeout", { by: "timeout" }, "timeout"],
  ])("resolved by %s → %s", (_, resolver, expected) => {
    expect(resolvedBy(resolveEntry("X", i1, SMALL_WEEK_START, resolver))).toBe(expected);
  });
});

describe("mapIncident", () => {
  test("acknowledged_at is the first acknowledge log entry, whatever order the entries come in", () => {
    const entries = [...(data.logEntries.get("PI1") ?? [])].reverse();
    const mapped = map("PI1", entries);
    expect(mapped.incident).toMatchObject({ acknowledgedAt: SMALL_WEEK_START + 2 * HOUR + 10 * MINUTE, resolvedAt: SMALL_WEEK_START + 3 * HOUR + 10 * MINUTE, service: "payments-api" });
    expect(mapped.acknowledgements).toEqual([{ source: "pagerduty", incidentId: "PI1", person: "person:PALICE", at: SMALL_WEEK_START + 2 * HOUR + 10 * MINUTE }]);
  });

  test("resolved by timeout with no acknowledgement", () => {
    const mapped = map("PI2");
    expect(mapped.incident.acknowledgedAt).toBeNull();
    expect(mapped.alerts).toEqual([
      { source: "pagerduty", id: "PA2", service: "payments-api", key: "disk-full", incidentId: "PI2", createdAt: SMALL_WEEK_START + DAY + 14 * HOUR, acknowledgedAt: null, resolvedAt: SMALL_WEEK_START + DAY + 18 * HOUR, resolvedBy: "timeout", noise: false },
    ]);
  });

  test("pages from notify log entries: sms, phone, push, email; other channels are not pages", () => {
    const i2 = incident("PI2");
    const carol = data.users[2];
    if (carol === undefined) throw new Error("fixture");
    const slack: PdLogEntry = { id: "RSLACK", type: "notify_log_entry", created_at: "2026-11-03T14:02:00Z", incident: ref("incident_reference", "PI2", "x"), channel: { type: "slack" }, user: ref("user_reference", carol.id, carol.name) };
    const mapped = mapIncident(i2, [...(data.logEntries.get("PI2") ?? []), slack], [], ctx);
    expect(mapped.pages.map((p) => [p.id, p.person, p.channel])).toEqual([
      ["R2N1", "person:PCAROL", "phone"],
      ["R2N2", "person:PALICE", "email"],
    ]);
    expect(mapped.logEntries).toBe(7);
  });

  test("priority summary, urgency, an open incident has no resolution", () => {
    expect(map("PI3").incident).toMatchObject({ urgency: "low", priority: "P3" });
    expect(map("PI5").incident).toMatchObject({ priority: "P1", resolvedAt: null, acknowledgedAt: null });
    expect(map("PI5").alerts[0]).toMatchObject({ resolvedAt: null, resolvedBy: null });
  });
});

describe("mapOncall", () => {
  const user = pdUser("PU", "U", "u@example.com", "UTC");
  const policy = pdEscalationPolicy("PEP", "P", []);
  const schedule = pdSchedule("PS", "S", "UTC", []);
  const window = { since: SMALL_WEEK_START, until: SMALL_WEEK_START + 7 * DAY };
  test.each([
    ["a shift inside the window", schedule, SMALL_WEEK_START + DAY, SMALL_WEEK_START + 2 * DAY, [SMALL_WEEK_START + DAY, SMALL_WEEK_START + 2 * DAY]],
    ["a shift still running ends at the window end", schedule, SMALL_WEEK_START + 6 * DAY, SMALL_WEEK_START + 9 * DAY, [SMALL_WEEK_START + 6 * DAY, SMALL_WEEK_START + 7 * DAY]],
    ["a shift started before keeps its start (its key)", schedule, SMALL_WEEK_START - DAY, SMALL_WEEK_START + DAY, [SMALL_WEEK_START - DAY, SMALL_WEEK_START + DAY]],
    ["permanent on-call is clipped to the window", null, null, null, [SMALL_WEEK_START, SMALL_WEEK_START + 7 * DAY]],
  ] as const)("%s", (_, sched, start, end, expected) => {
    const shift = mapOncall(pdOncall(user, policy, 1, sched, start, end), window, (id) => id);
    expect(shift && [shift.start, shift.end, shift.schedule]).toEqual([...expected, sched === null ? "escalation_policy:PEP" : "PS"]);
  });
  test("a shift that ended before the window is dropped", () => {
    expect(mapOncall(pdOncall(user, policy, 1, schedule, SMALL_WEEK_START - 2 * DAY, SMALL_WEEK_START - DAY), window, (id) => id)).toBeNull();
  });
});
