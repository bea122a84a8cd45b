import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { connect, type Connection } from "../connection.ts";
import { createTestDatabase, type TestDatabase } from "../testing.ts";
import { getApiToken, insertApiToken, touchApiToken } from "./apiTokens.ts";

// SQLite only: there, one connection's write lock stops every other writer of the file (an
// import in another process), and better-sqlite3 waits for it by sleeping the thread.
describe("touching a token while another connection holds SQLite's write lock", () => {
  let database: TestDatabase;
  let other: Connection;
  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
    other = connect(database.url);
    await insertApiToken(database.db, { id: "t1", name: "ci", role: "viewer", hash: "h", keyId: "k", createdAt: 1_000 });
  });
  afterAll(async () => {
    await other.close();
    await database.close();
  });

  test("does not wait for the lock: the stamp is skipped, and written once the lock is free", async () => {
    await other.db.transaction().execute(async (trx) => {
      await trx.updateTable("api_tokens").set({ name: "ci" }).where("id", "=", "t1").execute();
      expect(await touchApiToken(database.db, "t1", 2_000)).toBe(false);
    });
    expect((await getApiToken(database.db, "t1"))?.lastUsedAt).toBeNull();
    expect(await touchApiToken(database.db, "t1", 3_000)).toBe(true);
    expect((await getApiToken(database.db, "t1"))?.lastUsedAt).toBe(3_000);
  });
});
