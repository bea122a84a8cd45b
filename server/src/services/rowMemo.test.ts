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

describe.each(DIALECTS)("row memo on %s", (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
  });
  afterAll(async () => database.close());

  if (dialect === "postgres") {
    test("no cheap data version: every call fetches", async () => {
      const c = counter();
      await memoRows(database.db, "k", c.fetch);
      await memoRows(database.db, "k", c.fetch);
      expect(c.calls).toBe(2);
    });
    return;
  }

  test("the same key at the same data version fetches once; concurrent asks share the fetch", async () => {
    const c = counter();
    const [a, b] = await Promise.all([memoRows(database.db, "same", c.fetch), memoRows(database.db, "same", c.fetch)]);
    expect(await memoRows(database.db, "same", c.fetch)).toBe(1);
    expect([a, b, c.calls]).toEqual([1, 1, 1]);
    expect(await memoRows(database.db, "other", c.fetch)).toBe(2);
  });

  test("a write on the same connection, an insert or an update in place, drops what was kept", async () => {
    const c = counter();
    await memoRows(database.db, "write", c.fetch);
    await writeRecords(database.db, [person("ana", "Europe/Berlin")]);
    expect(await memoRows(database.db, "write", c.fetch)).toBe(2);
    await writeRecords(database.db, [person("ana", "Europe/Lisbon")]);
    expect(await memoRows(database.db, "write", c.fetch)).toBe(3);
    expect(await memoRows(database.db, "write", c.fetch)).toBe(3);
  });

  test("a write committed by another connection (another process) drops what was kept", async () => {
    const c = counter();
    await memoRows(database.db, "elsewhere", c.fetch);
    const other: Connection = connect(database.url);
    try {
      await writeRecords(other.db, [person("ana", "America/New_York")]);
    } finally {
      await other.close();
    }
    expect(await memoRows(database.db, "elsewhere", c.fetch)).toBe(2);
  });

  test("a failed fetch is not kept, and old keys make way for new ones", async () => {
    await expect(memoRows(database.db, "fails", () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await memoRows(database.db, "fails", () => Promise.resolve("ok"))).toBe("ok");
    const c = counter();
    await memoRows(database.db, "first", c.fetch);
    for (let i = 0; i < MEMO_ENTRIES; i++) await memoRows(database.db, `filler-${i}`, () => Promise.resolve(i));
    expect(await memoRows(database.db, "first", c.fetch)).toBe(2);
  });
});
