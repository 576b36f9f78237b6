// Calibration sessions: the items drawn for them and the session records.
import type { Db } from "../../db";

export function createCalibrationRepo(db: Db) {
  return {
    /** Items of a queue for a calibration session: the most disputed first, then the most recent. */
    async calibrationCandidates(projectId: string, queueId: string, count: number) {
      return db.$queryRawUnsafe<
        Array<{
          id: string;
          interaction_id: string | null;
          payload: object;
          judge_choice: string | null;
          judge_status: string | null;
          judge_confidence: number | null;
          judge_raw: string | null;
        }>
      >(
        `SELECT id, interaction_id, payload, judge_choice, judge_status, judge_confidence, judge_raw FROM label_items
         WHERE project_id = $1 AND queue_id = $2 AND NOT is_gold
         ORDER BY (status = 'needs_adjudication') DESC, (consensus->>'share')::float ASC NULLS LAST, created_at DESC
         LIMIT $3`,
        projectId,
        queueId,
        count,
      );
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
