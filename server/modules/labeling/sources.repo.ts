// Where labeling items come from: judged interactions for the routing rules, interactions by id or filter, and
// the user signals the workbench may show.
import { sql } from "kysely";
import { sqlDb, type Db } from "../../db";
import { isoUtc, utcParam } from "../../db/sql";

export function createSourcesRepo(db: Db) {
  const pool = () => sqlDb(db);

  return {
    /** The user's explicit and implicit signals on an interaction (what the workbench shows when allowed). */
    async userSignals(projectId: string, interactionId: string) {
      return db.signal.findMany({
        where: { projectId, interactionId, source: { in: ["explicit", "implicit"] } },
        orderBy: { occurredAt: "asc" },
        select: { type: true, polarity: true, source: true, strength: true },
      });
    },

    async routingQueues(projectId: string) {
      return db.labelQueue.findMany({
        where: { projectId, source: "routing" },
        select: {
          id: true,
          kind: true,
          rubricVersionId: true,
          routing: true,
          routingCursorAt: true,
          routingCursorId: true,
        },
      });
    },

    /** Finished judge scores after a queue's scan position, with what the routing rules read. */
    async judgedSince(
      projectId: string,
      cursor: { at: Date; id: string } | null,
      rubricVersionId: string | null,
      limit: number,
    ) {
      const { rows } = await sql<{
        id: string;
        interactionId: string;
        status: "ok" | "unparseable";
        pass: boolean | null;
        category: string | null;
        confidence: number | null;
        raw: string | null;
        updatedAt: string;
        /** Hours from the topic's first interaction to this one, and from the project's first to the topic's. */
        topicAgeHours: number | null;
        topicEmergedAfterHours: number | null;
      }>`SELECT s.id, s.interaction_id, s.status, s.pass, s.category, s.confidence, s.raw,
                ${isoUtc("s.updated_at")} AS updated_at,
                extract(epoch FROM i.started_at - tf.first_at) / 3600 AS topic_age_hours,
                extract(epoch FROM tf.first_at - pf.first_at) / 3600 AS topic_emerged_after_hours
         FROM judge_scores s
         JOIN interactions i ON i.id = s.interaction_id
         LEFT JOIN LATERAL (SELECT min(x.started_at) AS first_at FROM interactions x
                            WHERE x.project_id = i.project_id AND x.topic_id = i.topic_id) tf ON i.topic_id IS NOT NULL
         CROSS JOIN LATERAL (SELECT min(x.started_at) AS first_at FROM interactions x
                             WHERE x.project_id = s.project_id) pf
         WHERE s.project_id = ${projectId} AND s.status IN ('ok', 'unparseable') AND i.role = 'production'
           AND (${rubricVersionId}::text IS NULL OR s.rubric_version_id = ${rubricVersionId})
           AND (s.updated_at, s.id) > (coalesce(${utcParam(cursor?.at.toISOString() ?? null)}, '-infinity'::timestamp), coalesce(${cursor?.id ?? null}, ''))
         ORDER BY s.updated_at, s.id LIMIT ${limit}`.execute(pool());
      const ids = rows.map((r) => r.interactionId);
      const signals = ids.length
        ? await sql<{
            interactionId: string;
            polarity: "negative" | "neutral" | "positive";
            strength: number;
          }>`SELECT interaction_id, polarity, strength FROM signals
             WHERE project_id = ${projectId} AND interaction_id = ANY(${ids}) AND source IN ('explicit', 'implicit')`.execute(
            pool(),
          )
        : { rows: [] };
      return { rows, signals: signals.rows };
    },

    async moveRoutingCursor(queueId: string, at: Date, id: string) {
      await db.labelQueue.update({ where: { id: queueId }, data: { routingCursorAt: at, routingCursorId: id } });
    },

    /** What a labeler sees of interactions: the conversation, the answer and, for pairs, the first shadow answer. */
    async interactionPayloads(projectId: string, interactionIds: string[], rubricVersionId: string | null) {
      const { rows } = await sql<{
        id: string;
        input: unknown;
        output: string | null;
        queryText: string;
        model: string | null;
        shadowOutput: string | null;
        shadowModel: string | null;
        judgeStatus: string | null;
        judgePass: boolean | null;
        judgeCategory: string | null;
        judgeConfidence: number | null;
        judgeRaw: string | null;
      }>`SELECT i.id, i.input, i.output, i.query_text, mv.name AS model, sh.output AS shadow_output,
                sh.model AS shadow_model, js.status AS judge_status, js.pass AS judge_pass,
                js.category AS judge_category, js.confidence AS judge_confidence, js.raw AS judge_raw
         FROM interactions i
         LEFT JOIN model_versions mv ON mv.id = i.model_version_id
         LEFT JOIN LATERAL (
           SELECT s.output, smv.name AS model FROM interactions s LEFT JOIN model_versions smv ON smv.id = s.model_version_id
           WHERE s.project_id = i.project_id AND s.shadow_of_id = i.id AND s.output IS NOT NULL
           ORDER BY s.started_at LIMIT 1) sh ON true
         LEFT JOIN LATERAL (
           SELECT status, pass, category, confidence, raw FROM judge_scores j
           WHERE j.interaction_id = i.id AND j.status IN ('ok', 'unparseable')
             AND (${rubricVersionId}::text IS NULL OR j.rubric_version_id = ${rubricVersionId})
           ORDER BY j.updated_at DESC LIMIT 1) js ON true
         WHERE i.project_id = ${projectId} AND i.id = ANY(${interactionIds}) AND i.role = 'production'`.execute(pool());
      return rows;
    },

    /** Production interactions matching a filter, newest first (for adding items by filter). */
    async filterInteractions(
      projectId: string,
      f: {
        from?: Date;
        to?: Date;
        modelVersionId?: string;
        topicId?: string;
        negativeSignalOnly?: boolean;
        limit: number;
      },
      withShadow: boolean,
    ) {
      const { rows } = await sql<{ id: string }>`SELECT i.id FROM interactions i
         WHERE i.project_id = ${projectId} AND i.role = 'production' AND i.output IS NOT NULL
           AND (${f.from?.toISOString() ?? null}::text IS NULL OR i.started_at >= ${utcParam(f.from?.toISOString() ?? null)}) AND (${f.to?.toISOString() ?? null}::text IS NULL OR i.started_at < ${utcParam(f.to?.toISOString() ?? null)})
           AND (${f.modelVersionId ?? null}::text IS NULL OR i.model_version_id = ${f.modelVersionId ?? null}) AND (${f.topicId ?? null}::text IS NULL OR i.topic_id = ${f.topicId ?? null})
           AND (NOT ${f.negativeSignalOnly ?? false} OR EXISTS (SELECT 1 FROM signals s WHERE s.project_id = i.project_id
                AND s.interaction_id = i.id AND s.polarity = 'negative' AND s.source IN ('explicit', 'implicit')))
           AND (NOT ${withShadow} OR EXISTS (SELECT 1 FROM interactions s WHERE s.project_id = i.project_id AND s.shadow_of_id = i.id))
         ORDER BY i.started_at DESC LIMIT ${f.limit}`.execute(pool());
      return rows.map((r) => r.id);
    },
  };
}

export type SourcesRepo = ReturnType<typeof createSourcesRepo>;
