import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pgPool, sqlDb } from "../db";
import { createTestDatabase, type TestDatabase } from "../testing/test-db";
import { listen } from "./listen";

let t: TestDatabase;
let admin: pg.Client;

beforeAll(async () => {
  t = await createTestDatabase();
  admin = new pg.Client({ connectionString: t.url });
  await admin.connect();
});
afterAll(async () => {
  await admin.end();
  await t.drop();
});

const terminateOthers = () =>
  admin.query(
    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
  );

describe("a LISTEN connection when the database drops connections", () => {
  it("goes back to the pool on every loss, so 20 losses in a row leave the pool whole and queries answering", async () => {
    const pool = pgPool(t.db);
    for (let round = 0; round < 20; round++) {
      let lost!: () => void;
      const gone = new Promise<void>((resolve) => (lost = resolve));
      const heard: Array<string | null> = [];
      await listen(t.db, "test_channel", (payload) => heard.push(payload), lost);
      await admin.query("SELECT pg_notify('test_channel', $1)", [`round ${round}`]);
      await expect.poll(() => heard).toEqual([`round ${round}`]);
      await terminateOthers();
      await gone;
      // The pool drops the idle connections the database closed; the next query gets a fresh one.
      await expect
        .poll(
          async () =>
            (
              await sqlDb(t.db)
                .selectNoFrom(sql<number>`1`.as("one"))
                .execute()
                .catch(() => [])
            )[0],
        )
        .toEqual({ one: 1 });
    }
    expect(pool.totalCount).toBeLessThanOrEqual(4);
    expect(pool.waitingCount).toBe(0);
  });
});
