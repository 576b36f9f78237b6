import type { Db } from "../../db";

export function createRateLimitRepo(db: Db) {
  return {
    /** Counts one request in the key's current fixed window and returns the count so far. */
    async hit(key: string, windowStart: Date): Promise<number> {
      const rows = await db.$queryRaw<Array<{ count: number }>>`
        INSERT INTO rate_limit_windows (key, window_start, count) VALUES (${key}, ${windowStart}, 1)
        ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limit_windows.count + 1
        RETURNING count`;
      return rows[0]?.count ?? 1;
    },

    async prune(before: Date): Promise<number> {
      return db.$executeRaw`DELETE FROM rate_limit_windows WHERE window_start < ${before}`;
    },
  };
}
export type RateLimitRepo = ReturnType<typeof createRateLimitRepo>;
