// Where labeling items come from: judged interactions for the routing rules, interactions by id or filter, and
// the user signals the workbench may show.
import { pgPool, type Db } from "../../db";
import { isoUtc, utcParam } from "../../db/sql";

export function createSourcesRepo(db: Db) {
  const pool = () => pgPool(db);

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
      const { rows } = await pool().query<{
        id: string;
        interaction_id: string;
        status: "ok" | "unparseable";
        pass: boolean | null;
        category: string | null;
        confidence: number | null;
        raw: string | null;
        updated_at: string;
        /** Hours from the topic's first interaction to this one, and from the project's first to the topic's. */
        topic_age_hours: number | null;
        topic_emerged_after_hours: number | null;
      }>(
        `SELECT s.id, s.interaction_id, s.status, s.pass, s.category, s.confidence, s.raw,
                ${isoUtc("s.updated_at")} AS updated_at,
                extract(epoch FROM i.started_at - tf.first_at) / 3600 AS topic_age_hours,
                extract(epoch FROM tf.first_at - pf.first_at) / 3600 AS topic_emerged_after_hours
         FROM judge_scores s
         JOIN interactions i ON i.id = s.interaction_id
         LEFT JOIN LATERAL (SELECT min(x.started_at) AS first_at FROM interactions x
                            WHERE x.project_id = i.project_id AND x.topic_id = i.topic_id) tf ON i.topic_id IS NOT NULL
         CROSS JOIN LATERAL (SELECT min(x.started_at) AS first_at FROM interactions x
                             WHERE x.project_id = s.project_id) pf
         WHERE s.project_id = $1 AND s.status IN ('ok', 'unparseable') AND i.role = 'production'
           AND ($4::text IS NULL OR s.rubric_version_id = $4)
           AND (s.updated_at, s.id) > (coalesce(${utcParam("$2")}, '-infinity'::timestamp), coalesce($3, ''))
         ORDER BY s.updated_at, s.id LIMIT $5`,
        [projectId, cursor?.at.toISOString() ?? null, cursor?.id ?? null, rubricVersionId, limit],
      );
      const ids = rows.map((r) => r.interaction_id);
      const signals = ids.length
        ? await pool().query<{
            interaction_id: string;
            polarity: "negative" | "neutral" | "positive";
            strength: number;
          }>(
            `SELECT interaction_id, polarity, strength FROM signals
             WHERE project_id = $1 AND interaction_id = ANY($2) AND source IN ('explicit', 'implicit')`,
            [projectId, ids],
          )
        : { rows: [] };
      return { rows, signals: signals.rows };
    },

    async moveRoutingCursor(queueId: string, at: Date, id: string) {
      await db.labelQueue.update({ where: { id: queueId }, data: { routingCursorAt: at, routingCursorId: id } });
    },

    /** What a labeler sees of interactions: the conversation, the answer and, for pairs, the first shadow answer. */
    async interactionPayloads(projectId: string, interactionIds: string[], rubricVersionId: string | null) {
      const { rows } = await pool().query<{
        id: string;
        input: unknown;
        output: string | null;
        query_text: string;
        model: string | null;
        shadow_output: string | null;
        shadow_model: string | null;
        judge_status: string | null;
        judge_pass: boolean | null;
        judge_category: string | null;
        judge_confidence: number | null;
        judge_raw: string | null;
      }>(
        `SELECT i.id, i.input, i.output, i.query_text, mv.name AS model, sh.output AS shadow_output,
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
             AND ($3::text IS NULL OR j.rubric_version_id = $3)
           ORDER BY j.updated_at DESC LIMIT 1) js ON true
         WHERE i.project_id = $1 AND i.id = ANY($2) AND i.role = 'production'`,
        [projectId, interactionIds, rubricVersionId],
      );
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
      const { rows } = await pool().query<{ id: string }>(
        `SELECT i.id FROM interactions i
         WHERE i.project_id = $1 AND i.role = 'production' AND i.output IS NOT NULL
           AND ($2::text IS NULL OR i.started_at >= ${utcParam("$2")}) AND ($3::text IS NULL OR i.started_at < ${utcParam("$3")})
           AND ($4::text IS NULL OR i.model_version_id = $4) AND ($5::text IS NULL OR i.topic_id = $5)
           AND (NOT $6 OR EXISTS (SELECT 1 FROM signals s WHERE s.project_id = i.project_id
                AND s.interaction_id = i.id AND s.polarity = 'negative' AND s.source IN ('explicit', 'implicit')))
           AND (NOT $7 OR EXISTS (SELECT 1 FROM interactions s WHERE s.project_id = i.project_id AND s.shadow_of_id = i.id))
         ORDER BY i.started_at DESC LIMIT $8`,
        [
          projectId,
          f.from?.toISOString() ?? null,
          f.to?.toISOString() ?? null,
          f.modelVersionId ?? null,
          f.topicId ?? null,
          f.negativeSignalOnly ?? false,
          withShadow,
          f.limit,
        ],
      );
      return rows.map((r) => r.id);
    },
  };
}

export type SourcesRepo = ReturnType<typeof createSourcesRepo>;
