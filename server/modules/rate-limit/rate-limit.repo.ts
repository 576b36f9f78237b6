import { sql } from "kysely";
import { utcParam } from "../../db/sql";
import { sqlDb, type Db } from "../../db";

export function createRateLimitRepo(db: Db) {
  return {
    /**
     * Counts one request in the key's current fixed window and returns the count so far. The counter is not worth
     * an fsync: this one statement commits asynchronously (a crash may forget a few counts, never data).
     */
    async hit(key: string, windowStart: Date): Promise<number> {
      const { rows } = await sql<{ count: number }>`INSERT INTO rate_limit_windows (key, window_start, count)
         SELECT ${key}, ${utcParam(windowStart.toISOString())}, 1 FROM (SELECT set_config('synchronous_commit', 'off', true)) AS async_commit
         ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limit_windows.count + 1
         RETURNING count`.execute(sqlDb(db));
      return rows[0]?.count ?? 1;
    },

    async prune(before: Date): Promise<number> {
      const { numDeletedRows } = await sqlDb(db)
        .deleteFrom("rateLimitWindows")
        .where("windowStart", "<", before)
        .executeTakeFirst();
      return Number(numDeletedRows);
    },
  };
}
export type RateLimitRepo = ReturnType<typeof createRateLimitRepo>;
