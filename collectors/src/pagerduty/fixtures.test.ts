import { describe, expect, test } from "vitest";
import { incidentsPage, logEntriesPage } from "./api-types.ts";
import { DAY, generatedDataset, smallDataset } from "./fixtures.ts";

describe("fixtures", () => {
  test("the small week is consistent: every log entry and alert points at its incident", () => {
    const data = smallDataset();
    for (const incident of data.incidents) {
      for (const entry of data.logEntries.get(incident.id) ?? []) expect(entry.incident.id).toBe(incident.id);
      for (const alert of data.alerts.get(incident.id) ?? []) expect(alert.incident?.id).toBe(incident.id);
    }
  });

  test("generated data is deterministic, inside its range, and valid PagerDuty payloads", () => {
    const from = Date.UTC(2026, 0, 1);
    const options = { count: 500, from, to: from + 90 * DAY };
    const a = generatedDataset(options);
    expect(JSON.stringify(generatedDataset(options).incidents)).toBe(JSON.stringify(a.incidents));
    expect(a.incidents).toHaveLength(500);
    for (const i of a.incidents) expect(Date.parse(i.created_at)).toBeGreaterThanOrEqual(from);
    expect(a.incidents.filter((i) => i.status !== "resolved")).toHaveLength(3);
    const entries = [...a.logEntries.values()].flat();
    const types = new Set(entries.map((e) => e.type));
    expect([...types].sort()).toEqual(["acknowledge_log_entry", "assign_log_entry", "notify_log_entry", "resolve_log_entry", "trigger_log_entry"]);
    expect(incidentsPage.safeParse({ incidents: a.incidents, limit: 100, offset: 0, more: false, total: null }).success).toBe(true);
    expect(logEntriesPage.safeParse({ log_entries: entries, limit: 100, offset: 0, more: false, total: null }).success).toBe(true);
  });
});
