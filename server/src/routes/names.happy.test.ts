/**
 * Names, not ids, wherever a person appears (issue 13): the signals' evidence and the ops-work
 * and changes drill-downs name people as the read model knows them — a login through the identity rule (the
 * person whose `github` it is, else the person with that id) — and show the id or login only when
 * no name is known. On SQLite and on Postgres.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DIALECTS } from "@opsledger/db/testing";
import { createTestApp, type TestApp } from "../testing/testApp.ts";

const NOW = Date.parse("2026-03-20T12:00:00Z");
const WINDOW = "from=2026-03-02&to=2026-03-15";

const change = (id: string, author: string, day: string) => ({
  kind: "change", id, repo: "acme/api", number: Number(id.slice(1)), author, created_at: `2026-03-${day}T09:00:00Z`, merged_at: `2026-03-${day}T10:00:00Z`, merge_sha: `m-${id}`, commits: [`c-${id}`],
});

const records = [
  // zed is a member without a person record; ana commits as "ana-gh" on GitHub.
  { kind: "team", id: "core", name: "Core", members: ["ana", "zed"], repos: ["acme/api"], services: ["api"] },
  { kind: "person", id: "ana", name: "Ana Lima", timezone: "UTC", github: "ana-gh" },
  change("c1", "ana-gh", "03"),
  change("c2", "zed", "04"),
  change("c3", "stranger", "05"),
  { kind: "incident", id: "inc1", service: "api", title: "5xx", urgency: "high", created_at: "2026-03-10T11:00:00Z", resolved_at: "2026-03-10T12:00:00Z" },
  { kind: "page", id: "p1", person: "ana", incident_id: "inc1", at: "2026-03-10T11:00:00Z", channel: "sms" },
  { kind: "page", id: "p2", person: "zed", incident_id: "inc1", at: "2026-03-11T11:00:00Z", channel: "sms" },
];

describe.each(DIALECTS)("people by name on %s", (dialect) => {
  let t: TestApp;
  const get = async <T>(path: string): Promise<T> => {
    const res = await t.app.request(path);
    expect({ path, status: res.status }).toEqual({ path, status: 200 });
    return (await res.json()) as T;
  };

  beforeAll(async () => {
    t = await createTestApp(dialect, { now: NOW });
    const res = await t.app.request("/api/ingest", { method: "POST", body: JSON.stringify(records), headers: { "content-type": "application/json" } });
    expect(res.status).toBe(200);
    await t.deriver.drain();
  });
  afterAll(async () => t.close());

  test("the signals' evidence names people; the records behind it keep their logins and ids", async () => {
    type Evidence = { facts: Record<string, unknown>; records: { kind: string; ids: string[] }[] };
    const body = await get<{ signals: { id: string; evidence: Evidence }[] }>("/api/teams/core/signals?asOf=2026-03-15");
    const teamSize = body.signals.find((s) => s.id === "team-size")?.evidence;
    // Logins in order; "ana-gh" is Ana Lima's GitHub login, zed and stranger have no name.
    expect(teamSize?.facts.people).toEqual(["Ana Lima", "stranger", "zed"]);
    expect(teamSize?.records).toEqual([{ kind: "person", ids: ["ana-gh", "stranger", "zed"] }]);
    const opsLoad = body.signals.find((s) => s.id === "ops-load")?.evidence;
    // Each was paged once (23 minutes of lost focus each): the evidence says whose minutes they are.
    expect([...((opsLoad?.facts.people as string[] | undefined) ?? [])].sort()).toEqual(["Ana Lima", "zed"]);
    expect([...(opsLoad?.records[0]?.ids ?? [])].sort()).toEqual(["ana", "zed"]);
  });

  test("the ops-work drill-down gives each item's person by name, the id when there is no person record", async () => {
    const body = await get<{ items: { person: string; personName: string; recordId: string }[] }>(`/api/teams/core/records?metric=ops-work&${WINDOW}`);
    expect(body.items.map((i) => [i.recordId, i.person, i.personName])).toEqual([
      ["p2", "zed", "zed"],
      ["p1", "ana", "Ana Lima"],
    ]);
  });

  test("the changes drill-down names each author and the person to link to, and keeps the login for exports", async () => {
    const body = await get<{ items: { id: string; author: string; authorPerson: string | null; authorName: string }[] }>(`/api/teams/core/records?metric=changes&${WINDOW}`);
    expect(body.items.map((i) => [i.id, i.author, i.authorPerson, i.authorName])).toEqual([
      ["c3", "stranger", null, "stranger"],
      // zed is a member, but no person record says who zed is: the login, unlinked.
      ["c2", "zed", null, "zed"],
      ["c1", "ana-gh", "ana", "Ana Lima"],
    ]);
    // The author filter still takes the login, as the record gave it.
    const filtered = await get<{ items: { id: string }[] }>(`/api/teams/core/records?metric=changes&person=ana-gh&${WINDOW}`);
    expect(filtered.items.map((i) => i.id)).toEqual(["c1"]);
  });
});
