import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { connect, writeRecords, type Connection, type NormalizedRecord } from "@opsledger/db";
import { createTestDatabase, DIALECTS, type TestDatabase } from "@opsledger/db/testing";
import { MEMO_ENTRIES, memoRows } from "./rowMemo.ts";

const person = (id: string, timezone: string): NormalizedRecord => ({
  kind: "person",
  source: "ingest",
  id,
  name: id,
  email: null,
  timezone,
  github: null,
  pagerduty: null,
});

/** A fetch that counts its calls and answers with the call number. */
const counter = () => {
  let calls = 0;
  return {
    fetch: () => Promise.resolve(++calls),
    get calls() {
      return calls;
    },
  };
};

const page = (id: string): NormalizedRecord => ({ kind: "page", source: "ingest", id, person: "ana", incidentId: "i1", at: Date.UTC(2026, 2, 2), channel: "sms" });

/** The kinds a memoised read of people depends on, as the on-call read does. */
const PEOPLE = ["person"] as const;

describe.each(DIALECTS)("row memo on %s", (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
  });
  afterAll(async () => database.close());

  test("the same key with nothing written fetches once; concurrent asks share the fetch", async () => {
    const c = counter();
    const [a, b] = await Promise.all([memoRows(database.db, "same", PEOPLE, c.fetch), memoRows(database.db, "same", PEOPLE, c.fetch)]);
    expect(await memoRows(database.db, "same", PEOPLE, c.fetch)).toBe(1);
    expect([a, b, c.calls]).toEqual([1, 1, 1]);
    expect(await memoRows(database.db, "other", PEOPLE, c.fetch)).toBe(2);
  });

  test("a write of a kind the read depends on, an insert or an update in place, drops what was kept", async () => {
    const c = counter();
    await memoRows(database.db, "write", PEOPLE, c.fetch);
    await writeRecords(database.db, [person("ana", "Europe/Berlin")]);
    expect(await memoRows(database.db, "write", PEOPLE, c.fetch)).toBe(2);
    await writeRecords(database.db, [person("ana", "Europe/Lisbon")]);
    expect(await memoRows(database.db, "write", PEOPLE, c.fetch)).toBe(3);
    expect(await memoRows(database.db, "write", PEOPLE, c.fetch)).toBe(3);
  });

  test("a write of other kinds keeps it: new pages do not re-read people", async () => {
    const c = counter();
    await memoRows(database.db, "unrelated", PEOPLE, c.fetch);
    await writeRecords(database.db, [page("p1")]);
    expect(await memoRows(database.db, "unrelated", PEOPLE, c.fetch)).toBe(1);
    // A read that depends on pages does see the write.
    const pages = counter();
    await memoRows(database.db, "pages", ["person", "page"], pages.fetch);
    await writeRecords(database.db, [page("p2")]);
    expect(await memoRows(database.db, "pages", ["person", "page"], pages.fetch)).toBe(2);
  });

  test("a write committed by another connection (another process) drops what was kept", async () => {
    const c = counter();
    await memoRows(database.db, "elsewhere", PEOPLE, c.fetch);
    const other: Connection = connect(database.url);
    try {
      await writeRecords(other.db, [person("ana", "America/New_York")]);
    } finally {
      await other.close();
    }
    expect(await memoRows(database.db, "elsewhere", PEOPLE, c.fetch)).toBe(2);
  });

  test("a write that fails changes nothing, not even the version", async () => {
    const c = counter();
    await memoRows(database.db, "rolled-back", PEOPLE, c.fetch);
    // A page without a channel the table accepts: the batch's transaction rolls back.
    await expect(writeRecords(database.db, [person("bo", "UTC"), { ...page("bad"), at: null } as unknown as NormalizedRecord])).rejects.toThrow();
    expect(await memoRows(database.db, "rolled-back", PEOPLE, c.fetch)).toBe(1);
  });

  test("a failed fetch is not kept, and old keys make way for new ones", async () => {
    await expect(memoRows(database.db, "fails", PEOPLE, () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await memoRows(database.db, "fails", PEOPLE, () => Promise.resolve("ok"))).toBe("ok");
    const c = counter();
    await memoRows(database.db, "first", PEOPLE, c.fetch);
    for (let i = 0; i < MEMO_ENTRIES; i++) await memoRows(database.db, `filler-${i}`, PEOPLE, () => Promise.resolve(i));
    expect(await memoRows(database.db, "first", PEOPLE, c.fetch)).toBe(2);
  });
});
