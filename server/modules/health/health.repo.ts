import { sql } from "kysely";
import { sqlDb, type Db } from "../../db";

export function createHealthRepo(db: Db) {
  return {
    async ping(): Promise<void> {
      await sql`SELECT 1`.execute(sqlDb(db));
    },

    latestHeartbeat() {
      return db.workerHeartbeat.findFirst({
        orderBy: { beatAt: "desc" },
        select: { workerId: true, beatAt: true, startedAt: true, version: true },
      });
    },

    async beat(workerId: string, startedAt: Date, version: string, at: Date) {
      await db.workerHeartbeat.upsert({
        where: { workerId },
        create: { workerId, beatAt: at, startedAt, version },
        update: { beatAt: at, version },
      });
    },
  };
}
export type HealthRepo = ReturnType<typeof createHealthRepo>;
