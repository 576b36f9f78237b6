// Calibration sessions: the items drawn for them and the session records.
import { sql } from "kysely";
import { sqlDb, type Db } from "../../db";

export function createCalibrationRepo(db: Db) {
  return {
    /** Items of a queue for a calibration session: the most disputed first, then the most recent. */
    async calibrationCandidates(projectId: string, queueId: string, count: number) {
      return sqlDb(db)
        .selectFrom("labelItems")
        .select(["id", "interactionId", "payload", "judgeChoice", "judgeStatus", "judgeConfidence", "judgeRaw"])
        .where("projectId", "=", projectId)
        .where("queueId", "=", queueId)
        .where("isGold", "=", false)
        .orderBy(sql`(status = 'needs_adjudication')`, "desc")
        .orderBy(sql`(consensus->>'share')::float`, (ob) => ob.asc().nullsLast())
        .orderBy("createdAt", "desc")
        .limit(count)
        .$narrowType<{ payload: object }>()
        .execute();
    },

    createSession(data: {
      projectId: string;
      queueId: string;
      sourceQueueId: string;
      name: string;
      participantIds: string[];
      createdById: string;
    }) {
      return db.calibrationSession.create({ data, select: { id: true } });
    },

    sessions(projectId: string) {
      return db.calibrationSession.findMany({ where: { projectId }, orderBy: { createdAt: "desc" } });
    },

    session(projectId: string, sessionId: string) {
      return db.calibrationSession.findFirst({ where: { id: sessionId, projectId } });
    },

    async updateSession(
      projectId: string,
      sessionId: string,
      data: { status?: string; rubricNote?: string | null; newRubricVersionId?: string | null; closedAt?: Date },
    ) {
      await db.calibrationSession.updateMany({ where: { id: sessionId, projectId }, data });
    },
  };
}

export type CalibrationRepo = ReturnType<typeof createCalibrationRepo>;
