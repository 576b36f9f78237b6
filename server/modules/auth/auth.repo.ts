import { sql } from "kysely";
import { sqlDb, type Db } from "../../db";
import type { CountedAttempt } from "./sign-in-throttle";

export function createAuthRepo(db: Db) {
  return {
    findUserByEmail(email: string) {
      return db.user.findUnique({
        where: { email },
        select: { id: true, email: true, name: true, passwordHash: true },
      });
    },

    sessionUser(userId: string) {
      return db.user.findUnique({
        where: { id: userId },
        select: { id: true, email: true, name: true, isInstanceAdmin: true },
      });
    },

    upsertExternalUser(email: string, name: string | null) {
      return db.user.upsert({ where: { email }, create: { email, name }, update: {}, select: { id: true } });
    },

    /**
     * Counts one attempt against `key` in one statement (a window older than `windowMs` starts over) and returns
     * the window's count with this attempt: parallel attempts each get their own number.
     */
    async countAttempt(key: string, at: Date, windowMs: number): Promise<CountedAttempt> {
      const windowOver = sql<boolean>`sign_in_throttles.window_started_at <= ${at}::timestamp - make_interval(secs => ${windowMs / 1000})`;
      return sqlDb(db)
        .insertInto("signInThrottles")
        .values({ key, failures: 1, windowStartedAt: at })
        .onConflict((oc) =>
          oc.column("key").doUpdateSet({
            failures: sql`CASE WHEN ${windowOver} THEN 1 ELSE sign_in_throttles.failures + 1 END`,
            windowStartedAt: sql`CASE WHEN ${windowOver} THEN ${at}::timestamp ELSE sign_in_throttles.window_started_at END`,
          }),
        )
        .returning(["failures as attempts", "windowStartedAt"])
        .executeTakeFirstOrThrow();
    },

    /** Takes back the attempt of a success (its key keeps counting the failures around it). */
    async giveBackAttempt(key: string) {
      await sqlDb(db)
        .updateTable("signInThrottles")
        .set({ failures: sql`greatest(failures - 1, 0)` })
        .where("key", "=", key)
        .execute();
    },

    async clearAttempts(key: string) {
      await db.signInThrottle.deleteMany({ where: { key } });
    },
  };
}
export type AuthRepo = ReturnType<typeof createAuthRepo>;
