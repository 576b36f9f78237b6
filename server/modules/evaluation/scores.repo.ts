import { sql } from "kysely";
import { sqlDb, type Db, type Sql } from "../../db";
import { isoUtc, utcParam } from "../../db/sql";
import type { JudgeConfigRow } from "./evaluation.repo";
import type { Verdict } from "./judge-prompt";

// The judges' work queue: sampled interactions become `pending` score rows (unique per interaction, judge and rubric
// version), which workers claim with a lease, score, and complete; plus on-demand backfills of a time range.

export interface ScanRow {
  id: string;
  processedAt: Date;
  modelVersionId: string | null;
  topicId: string | null;
  hasNegative: boolean;
  /** For a shadow answer, the production interaction it mirrors (sampled together, so pairs are judged). */
  shadowOfId: string | null;
}

export interface ClaimedScore {
  id: string;
  interactionId: string;
  judgeConfigId: string;
  rubricVersionId: string;
  attempts: number;
  occurredAt: Date;
  input: unknown;
  output: string | null;
}

export type ScoreResult =
  | (Verdict & { raw: string | null; latencyMs: number })
  | { status: "unparseable"; raw: string | null; rationale: string; latencyMs: number }
  | { status: "error"; raw: string };

const toRows = <T extends { processedAt: Date | string }>(rows: T[]) =>
  rows.map((r) => ({ ...r, processedAt: new Date(r.processedAt) }));

/** What sampling and the judges' filters read about an interaction. */
const SCAN_SELECT = sql`SELECT i.id, ${isoUtc("i.processed_at")} AS "processedAt", i.model_version_id AS "modelVersionId",
    i.topic_id AS "topicId", i.shadow_of_id AS "shadowOfId",
    EXISTS (SELECT 1 FROM signals s WHERE s.project_id = i.project_id AND s.interaction_id = i.id
            AND s.polarity = 'negative' AND s.source <> 'judge') AS "hasNegative"
  FROM interactions i`;

export function createScoresRepo(db: Db) {
  const pool = () => sqlDb(db);
  return {
    /** Interactions the signal worker has processed since the judge's scan position, in order. */
    async scanAfter(judge: JudgeConfigRow, limit: number): Promise<ScanRow[]> {
      const { rows } = await sql<ScanRow>`${SCAN_SELECT}
         WHERE i.project_id = ${judge.projectId} AND i.processed_at IS NOT NULL AND i.output IS NOT NULL
           AND i.created_at >= (${(judge as unknown as { createdAt: Date }).createdAt.toISOString()}::timestamptz AT TIME ZONE 'UTC')
           AND (${judge.cursorProcessedAt?.toISOString() ?? null}::text IS NULL OR (i.processed_at, i.id) > (${utcParam(judge.cursorProcessedAt?.toISOString() ?? null)}, ${judge.cursorId ?? ""}::text))
         ORDER BY i.processed_at, i.id
         LIMIT ${limit}`.execute(pool());
      return toRows(rows);
    },

    /** Queues pending scores (idempotent); returns how many were new. */
    async queuePending(trx: Sql, judge: JudgeConfigRow, interactionIds: string[], backfillId: string | null = null) {
      if (interactionIds.length === 0) return 0;
      const { numAffectedRows } =
        await sql`INSERT INTO judge_scores (id, project_id, interaction_id, judge_config_id, rubric_version_id, status, backfill_id,
           next_attempt_at, created_at, updated_at)
         SELECT 'js_' || md5(random()::text || clock_timestamp()::text || x), ${judge.projectId}, x, ${judge.id}, ${judge.rubricVersionId}, 'pending', ${backfillId},
           now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
         FROM unnest(${interactionIds}::text[]) AS x
         ON CONFLICT (interaction_id, judge_config_id, rubric_version_id) DO NOTHING`.execute(trx);
      return Number(numAffectedRows ?? 0);
    },

    /** Moves the judge's scan position (with the scores it queued, in the service's transaction). */
    async moveCursor(trx: Sql, judgeId: string, cursor: { processedAt: Date; id: string }) {
      await trx
        .updateTable("judgeConfigs")
        .set({ cursorProcessedAt: cursor.processedAt, cursorId: cursor.id })
        .where("id", "=", judgeId)
        .execute();
    },

    /** Interactions of a time range (by start) with what the judge's filters need. */
    async interactionsInRange(projectId: string, from: Date, to: Date, afterId: string | null, limit: number) {
      const { rows } = await sql<ScanRow>`${SCAN_SELECT}
         WHERE i.project_id = ${projectId} AND i.output IS NOT NULL
           AND i.started_at >= ${utcParam(from.toISOString())} AND i.started_at < ${utcParam(to.toISOString())}
           AND (${afterId}::text IS NULL OR i.id > ${afterId}::text)
         ORDER BY i.id
         LIMIT ${limit}`.execute(pool());
      return toRows(rows);
    },

    createBackfill(input: { projectId: string; judgeConfigId: string; from: Date; to: Date; actorId: string }) {
      return db.judgeBackfill.create({
        data: {
          projectId: input.projectId,
          judgeConfigId: input.judgeConfigId,
          from: input.from,
          to: input.to,
          createdById: input.actorId,
        },
        select: { id: true },
      });
    },

    setBackfillTotal(backfillId: string, total: number) {
      return db.judgeBackfill.update({ where: { id: backfillId }, data: { total } });
    },

    async backfill(projectId: string, backfillId: string) {
      const row = await db.judgeBackfill.findFirst({ where: { id: backfillId, projectId } });
      if (!row) return null;
      const counts = await db.judgeScore.groupBy({ by: ["status"], where: { backfillId }, _count: true });
      return { ...row, counts: Object.fromEntries(counts.map((c) => [c.status, c._count])) };
    },

    /**
     * Claims up to `limit` pending scores of active judges: pushes them out by the lease (a worker that dies
     * mid-call releases them when the lease ends) and counts the attempt. SKIP LOCKED lets workers share the work.
     */
    async claim(projectId: string, limit: number, leaseSeconds: number): Promise<ClaimedScore[]> {
      const { rows } = await sql<ClaimedScore>`WITH picked AS (
           SELECT js.id FROM judge_scores js
           JOIN judge_configs jc ON jc.id = js.judge_config_id AND jc.enabled AND jc.paused_reason IS NULL
           WHERE js.project_id = ${projectId} AND js.status = 'pending' AND js.next_attempt_at <= now() AT TIME ZONE 'UTC'
           ORDER BY js.next_attempt_at
           LIMIT ${limit}
           FOR UPDATE OF js SKIP LOCKED
         ), claimed AS (
           UPDATE judge_scores js
           SET next_attempt_at = (now() AT TIME ZONE 'UTC') + make_interval(secs => ${leaseSeconds}), attempts = js.attempts + 1,
               updated_at = now() AT TIME ZONE 'UTC'
           FROM picked WHERE js.id = picked.id
           RETURNING js.id, js.interaction_id, js.judge_config_id, js.rubric_version_id, js.attempts
         )
         SELECT c.id, c.interaction_id AS "interactionId", c.judge_config_id AS "judgeConfigId",
                c.rubric_version_id AS "rubricVersionId", c.attempts, i.input, i.output,
                ${isoUtc("COALESCE(i.ended_at, i.started_at)")} AS "occurredAt"
         FROM claimed c JOIN interactions i ON i.id = c.interaction_id`.execute(pool());
      return rows.map((r) => ({ ...r, occurredAt: new Date(r.occurredAt) }));
    },

    /**
     * Stores verdicts (only while a row is still pending: a late duplicate of a re-claimed row changes nothing); a
     * failing verdict also becomes a `judge_fail` signal, so later stages read one table. One statement for many
     * scores (the worker group-commits them). Returns the rows stored.
     */
    async completeMany(items: Array<{ projectId: string; claimed: ClaimedScore; result: ScoreResult }>) {
      if (items.length === 0) return 0;
      const rows = items.map(({ projectId, claimed, result }) => {
        const ok = result.status === "ok" ? result : null;
        return {
          id: claimed.id,
          project_id: projectId,
          interaction_id: claimed.interactionId,
          judge_config_id: claimed.judgeConfigId,
          occurred_at: claimed.occurredAt.toISOString(),
          status: result.status,
          score: ok?.score ?? null,
          pass: ok ? ok.pass : null,
          category: ok?.category ?? null,
          rationale: result.status === "error" ? null : result.rationale,
          confidence: ok?.confidence ?? null,
          raw: result.raw === null ? null : result.raw.slice(0, 20_000),
          latency_ms: result.status === "error" ? null : result.latencyMs,
        };
      });
      const { rows: done } = await sql<{ id: string }>`WITH r AS (
           SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(id text, project_id text, interaction_id text,
             judge_config_id text, occurred_at timestamptz, status text, score float8, pass boolean, category text,
             rationale text, confidence float8, raw text, latency_ms int)
         ), done AS (
           UPDATE judge_scores js SET status = r.status, score = r.score, pass = r.pass, category = r.category,
             rationale = r.rationale, confidence = r.confidence, raw = r.raw, latency_ms = r.latency_ms,
             updated_at = now() AT TIME ZONE 'UTC'
           FROM r WHERE js.id = r.id AND js.status = 'pending'
           RETURNING js.id
         ), signal AS (
           INSERT INTO signals (id, project_id, interaction_id, type, polarity, strength, source, evidence, dedupe_key, occurred_at)
           SELECT 'sg_' || md5(r.id), r.project_id, r.interaction_id, 'judge_fail', 'negative', COALESCE(r.confidence, 0.5),
                  'judge', jsonb_build_object('judgeConfigId', r.judge_config_id, 'scoreId', r.id, 'category', r.category,
                  'score', r.score), 'judge_fail:' || r.id, r.occurred_at AT TIME ZONE 'UTC'
           FROM r JOIN done d ON d.id = r.id WHERE r.pass = false
           ON CONFLICT (project_id, dedupe_key) DO NOTHING
         )
         SELECT id FROM done`.execute(pool());
      return done.length;
    },

    /** Gives claimed rows back unstarted (the attempt does not count). */
    async release(scoreIds: string[]) {
      if (scoreIds.length === 0) return;
      await sql`UPDATE judge_scores SET next_attempt_at = now() AT TIME ZONE 'UTC', attempts = GREATEST(0, attempts - 1)
         WHERE id = ANY(${scoreIds}::text[]) AND status = 'pending'`.execute(pool());
    },

    /** A provider error: try again after `delaySeconds`. */
    async retryLater(scoreId: string, delaySeconds: number, message: string) {
      await sql`UPDATE judge_scores SET next_attempt_at = (now() AT TIME ZONE 'UTC') + make_interval(secs => ${delaySeconds}), raw = ${message.slice(0, 2000)}
         WHERE id = ${scoreId} AND status = 'pending'`.execute(pool());
    },
  };
}
export type ScoresRepo = ReturnType<typeof createScoresRepo>;
