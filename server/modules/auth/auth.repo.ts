import type { Db } from "../../db";
import type { ThrottleState } from "./sign-in-throttle";

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

    readThrottle(key: string): Promise<ThrottleState | null> {
      return db.signInThrottle.findUnique({
        where: { key },
        select: { failures: true, windowStartedAt: true, lockedUntil: true },
      });
    },

    async writeThrottle(key: string, state: ThrottleState) {
      await db.signInThrottle.upsert({ where: { key }, create: { key, ...state }, update: state });
    },

    async clearThrottle(key: string) {
      await db.signInThrottle.deleteMany({ where: { key } });
    },
  };
}
export type AuthRepo = ReturnType<typeof createAuthRepo>;
