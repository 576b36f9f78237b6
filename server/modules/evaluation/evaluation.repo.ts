import { pgPool, type Db } from "../../db";
import type { Prisma } from "../../db/types";
import { DomainError } from "../../errors";
import { insertAudit } from "../audit/audit.repo";
import type { JudgeFilters, RubricContent } from "./evaluation.schema";
import type { Verdict } from "./judge-prompt";

export interface JudgeConfigRow {
  id: string;
  projectId: string;
  name: string;
  provider: string;
  baseUrl: string | null;
  model: string;
  encryptedSecret: string | null;
  rubricVersionId: string;
  sampleRate: number;
  filters: JudgeFilters;
  options: { timeoutSeconds?: number; noise?: number };
  enabled: boolean;
  pausedReason: string | null;
  consecutiveFailures: number;
  cursorProcessedAt: Date | null;
  cursorId: string | null;
}

export interface ScanRow {
  id: string;
  processedAt: Date;
  modelVersionId: string | null;
  topicId: string | null;
  hasNegative: boolean;
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

const rubricVersionSelect = {
  id: true,
  version: true,
  criteria: true,
  failureCategories: true,
  examples: true,
  notes: true,
  createdAt: true,
} as const;

/** The stored shape of a rubric version as the judge and the UI use it. */
export function rubricContentOf(v: {
  criteria: unknown;
  failureCategories: string[];
  examples: unknown;
  notes: string | null;
}): RubricContent {
  return {
    criteria: (v.criteria as RubricContent["criteria"]) ?? [],
    failureCategories: v.failureCategories,
    examples: (v.examples as RubricContent["examples"]) ?? [],
    notes: v.notes ?? undefined,
  };
}

// Timestamps cross the pg driver as UTC ISO strings (columns are UTC timestamps without a zone), so nothing depends
// on the process's time zone.
const iso = (column: string) => `to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const toRows = <T extends { processedAt: Date | string }>(rows: T[]) =>
  rows.map((r) => ({ ...r, processedAt: new Date(r.processedAt) }));

/** What sampling and the judges' filters read about an interaction. */
const SCAN_SELECT = `SELECT i.id, ${iso("i.processed_at")} AS "processedAt", i.model_version_id AS "modelVersionId",
    i.topic_id AS "topicId",
    EXISTS (SELECT 1 FROM signals s WHERE s.project_id = i.project_id AND s.interaction_id = i.id
            AND s.polarity = 'negative' AND s.source <> 'judge') AS "hasNegative"
  FROM interactions i`;

export function createEvaluationRepo(db: Db) {
  const pool = () => pgPool(db);
  return {
    listRubrics(projectId: string) {
      return db.rubric.findMany({
        where: { projectId },
        orderBy: { createdAt: "asc" },
        select: {
          id: true,
          name: true,
          createdAt: true,
          versions: { orderBy: { version: "desc" }, select: rubricVersionSelect },
        },
      });
    },

    createRubric(projectId: string, name: string, content: RubricContent, actorId: string | null) {
      return db.$transaction(async (tx) => {
        if (await tx.rubric.findFirst({ where: { projectId, name }, select: { id: true } }))
          throw new DomainError("CONFLICT", `A rubric named ${name} already exists`);
        const rubric = await tx.rubric.create({ data: { projectId, name }, select: { id: true } });
        const version = await tx.rubricVersion.create({
          data: {
            projectId,
            rubricId: rubric.id,
            version: 1,
            criteria: content.criteria,
            failureCategories: content.failureCategories,
            examples: content.examples,
            notes: content.notes ?? null,
            createdById: actorId,
          },
          select: { id: true, version: true },
        });
        await insertAudit(tx, {
          projectId,
          actorId,
          action: "rubric.create",
          targetType: "rubric",
          targetId: rubric.id,
          detail: { name, versionId: version.id },
        });
        return { rubricId: rubric.id, versionId: version.id, version: version.version };
      });
    },

    newRubricVersion(projectId: string, rubricId: string, content: RubricContent, actorId: string) {
      return db.$transaction(async (tx) => {
        const rubric = await tx.rubric.findFirst({ where: { id: rubricId, projectId }, select: { id: true } });
        if (!rubric) throw new DomainError("NOT_FOUND", "Rubric not found");
        // Serialises concurrent edits of one rubric so version numbers never collide.
        await tx.$executeRaw`SELECT 1 FROM rubrics WHERE id = ${rubricId} FOR UPDATE`;
        const last = await tx.rubricVersion.findFirst({
          where: { rubricId },
          orderBy: { version: "desc" },
          select: { version: true },
        });
        const version = await tx.rubricVersion.create({
          data: {
            projectId,
            rubricId,
            version: (last?.version ?? 0) + 1,
            criteria: content.criteria,
            failureCategories: content.failureCategories,
            examples: content.examples,
            notes: content.notes ?? null,
            createdById: actorId,
          },
          select: { id: true, version: true },
        });
        await insertAudit(tx, {
          projectId,
          actorId,
          action: "rubric.version",
          targetType: "rubric",
          targetId: rubricId,
          detail: { version: version.version, versionId: version.id },
        });
        return { rubricId, versionId: version.id, version: version.version };
      });
    },

    async rubricVersion(projectId: string, rubricVersionId: string) {
      return db.rubricVersion.findFirst({ where: { id: rubricVersionId, projectId }, select: rubricVersionSelect });
    },

    async listJudges(projectId: string) {
      const [judges, counts] = await Promise.all([
        db.judgeConfig.findMany({
          where: { projectId },
          orderBy: { createdAt: "asc" },
          select: {
            id: true,
            name: true,
            provider: true,
            baseUrl: true,
            model: true,
            rubricVersionId: true,
            sampleRate: true,
            filters: true,
            options: true,
            enabled: true,
            pausedReason: true,
            createdAt: true,
            encryptedSecret: true,
            rubricVersion: { select: { version: true, rubric: { select: { name: true } } } },
          },
        }),
        db.judgeScore.groupBy({ by: ["judgeConfigId", "status"], where: { projectId }, _count: true }),
      ]);
      return judges.map(({ encryptedSecret, ...j }) => ({
        ...j,
        hasApiKey: encryptedSecret !== null,
        counts: Object.fromEntries(counts.filter((c) => c.judgeConfigId === j.id).map((c) => [c.status, c._count])),
      }));
    },

    createJudge(input: {
      projectId: string;
      name: string;
      provider: string;
      baseUrl: string | null;
      model: string;
      encryptedSecret: string | null;
      rubricVersionId: string;
      sampleRate: number;
      filters: JudgeFilters;
      options: Prisma.InputJsonObject;
      actorId: string | null;
    }) {
      return db.$transaction(async (tx) => {
        if (!(await tx.rubricVersion.findFirst({ where: { id: input.rubricVersionId, projectId: input.projectId } })))
          throw new DomainError("NOT_FOUND", "Rubric version not found");
        if (await tx.judgeConfig.findFirst({ where: { projectId: input.projectId, name: input.name } }))
          throw new DomainError("CONFLICT", `A judge named ${input.name} already exists`);
        const judge = await tx.judgeConfig.create({
          data: {
            projectId: input.projectId,
            name: input.name,
            provider: input.provider,
            baseUrl: input.baseUrl,
            model: input.model,
            encryptedSecret: input.encryptedSecret,
            rubricVersionId: input.rubricVersionId,
            sampleRate: input.sampleRate,
            filters: input.filters,
            options: input.options,
            createdById: input.actorId,
          },
          select: { id: true, name: true },
        });
        await insertAudit(tx, {
          projectId: input.projectId,
          actorId: input.actorId,
          action: "judge.create",
          targetType: "judge_config",
          targetId: judge.id,
          detail: {
            name: input.name,
            provider: input.provider,
            baseUrl: input.baseUrl,
            model: input.model,
            sampleRate: input.sampleRate,
          },
        });
        return judge;
      });
    },

    updateJudge(
      projectId: string,
      judgeConfigId: string,
      change: {
        enabled?: boolean;
        sampleRate?: number;
        rubricVersionId?: string;
        filters?: JudgeFilters;
        resume?: boolean;
      },
      actorId: string,
    ) {
      return db.$transaction(async (tx) => {
        const current = await tx.judgeConfig.findFirst({
          where: { id: judgeConfigId, projectId },
          select: { id: true },
        });
        if (!current) throw new DomainError("NOT_FOUND", "Judge not found");
        if (
          change.rubricVersionId &&
          !(await tx.rubricVersion.findFirst({ where: { id: change.rubricVersionId, projectId } }))
        )
          throw new DomainError("NOT_FOUND", "Rubric version not found");
        await tx.judgeConfig.update({
          where: { id: judgeConfigId },
          data: {
            enabled: change.enabled,
            sampleRate: change.sampleRate,
            rubricVersionId: change.rubricVersionId,
            filters: change.filters,
            ...(change.resume ? { pausedReason: null, consecutiveFailures: 0 } : {}),
          },
        });
        await insertAudit(tx, {
          projectId,
          actorId,
          action: "judge.update",
          targetType: "judge_config",
          targetId: judgeConfigId,
          detail: change,
        });
      });
    },

    /** Enabled, unpaused judges with their scan position. */
    async activeJudges(projectId: string): Promise<JudgeConfigRow[]> {
      return (await db.judgeConfig.findMany({
        where: { projectId, enabled: true, pausedReason: null },
      })) as unknown as JudgeConfigRow[];
    },

    async judge(projectId: string, judgeConfigId: string): Promise<JudgeConfigRow | null> {
      return (await db.judgeConfig.findFirst({
        where: { id: judgeConfigId, projectId },
      })) as unknown as JudgeConfigRow | null;
    },

    /** Interactions the signal worker has processed since the judge's scan position, in order. */
    async scanAfter(judge: JudgeConfigRow, limit: number): Promise<ScanRow[]> {
      const { rows } = await pool().query<ScanRow>(
        `${SCAN_SELECT}
         WHERE i.project_id = $1 AND i.processed_at IS NOT NULL AND i.output IS NOT NULL
           AND i.created_at >= ($2::timestamptz AT TIME ZONE 'UTC')
           AND ($3::text IS NULL OR (i.processed_at, i.id) > (($3::timestamptz AT TIME ZONE 'UTC'), $4::text))
         ORDER BY i.processed_at, i.id
         LIMIT $5`,
        [
          judge.projectId,
          (judge as unknown as { createdAt: Date }).createdAt.toISOString(),
          judge.cursorProcessedAt?.toISOString() ?? null,
          judge.cursorId ?? "",
          limit,
        ],
      );
      return toRows(rows);
    },

    /** Queues pending scores (idempotent) and moves the judge's scan position, in one transaction. */
    async queueScores(
      judge: JudgeConfigRow,
      interactionIds: string[],
      cursor: { processedAt: Date; id: string } | null,
      backfillId: string | null = null,
    ): Promise<number> {
      const client = await pool().connect();
      try {
        await client.query("BEGIN");
        const inserted = interactionIds.length
          ? await client.query(
              `INSERT INTO judge_scores (id, project_id, interaction_id, judge_config_id, rubric_version_id, status, backfill_id,
                 next_attempt_at, created_at, updated_at)
               SELECT 'js_' || md5(random()::text || clock_timestamp()::text || x), $1, x, $2, $3, 'pending', $4,
                 now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
               FROM unnest($5::text[]) AS x
               ON CONFLICT (interaction_id, judge_config_id, rubric_version_id) DO NOTHING`,
              [judge.projectId, judge.id, judge.rubricVersionId, backfillId, interactionIds],
            )
          : { rowCount: 0 };
        if (cursor) {
          await client.query(
            `UPDATE judge_configs SET cursor_processed_at = ($2::timestamptz AT TIME ZONE 'UTC'), cursor_id = $3 WHERE id = $1`,
            [judge.id, cursor.processedAt.toISOString(), cursor.id],
          );
        }
        await client.query("COMMIT");
        return inserted.rowCount ?? 0;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },

    /** Interactions of a time range (by start) with what the judge's filters need. */
    async interactionsInRange(projectId: string, from: Date, to: Date, afterId: string | null, limit: number) {
      const { rows } = await pool().query<ScanRow>(
        `${SCAN_SELECT}
         WHERE i.project_id = $1 AND i.output IS NOT NULL
           AND i.started_at >= ($2::timestamptz AT TIME ZONE 'UTC') AND i.started_at < ($3::timestamptz AT TIME ZONE 'UTC')
           AND ($4::text IS NULL OR i.id > $4::text)
         ORDER BY i.id
         LIMIT $5`,
        [projectId, from.toISOString(), to.toISOString(), afterId, limit],
      );
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
      const { rows } = await pool().query<ClaimedScore>(
        `WITH picked AS (
           SELECT js.id FROM judge_scores js
           JOIN judge_configs jc ON jc.id = js.judge_config_id AND jc.enabled AND jc.paused_reason IS NULL
           WHERE js.project_id = $1 AND js.status = 'pending' AND js.next_attempt_at <= now() AT TIME ZONE 'UTC'
           ORDER BY js.next_attempt_at
           LIMIT $2
           FOR UPDATE OF js SKIP LOCKED
         ), claimed AS (
           UPDATE judge_scores js
           SET next_attempt_at = (now() AT TIME ZONE 'UTC') + make_interval(secs => $3), attempts = js.attempts + 1,
               updated_at = now() AT TIME ZONE 'UTC'
           FROM picked WHERE js.id = picked.id
           RETURNING js.id, js.interaction_id, js.judge_config_id, js.rubric_version_id, js.attempts
         )
         SELECT c.id, c.interaction_id AS "interactionId", c.judge_config_id AS "judgeConfigId",
                c.rubric_version_id AS "rubricVersionId", c.attempts, i.input, i.output,
                ${iso("COALESCE(i.ended_at, i.started_at)")} AS "occurredAt"
         FROM claimed c JOIN interactions i ON i.id = c.interaction_id`,
        [projectId, limit, leaseSeconds],
      );
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
      const { rows: done } = await pool().query<{ id: string }>(
        `WITH r AS (
           SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(id text, project_id text, interaction_id text,
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
         SELECT id FROM done`,
        [JSON.stringify(rows)],
      );
      return done.length;
    },

    /** Gives claimed rows back unstarted (the attempt does not count). */
    async release(scoreIds: string[]) {
      if (scoreIds.length === 0) return;
      await pool().query(
        `UPDATE judge_scores SET next_attempt_at = now() AT TIME ZONE 'UTC', attempts = GREATEST(0, attempts - 1)
         WHERE id = ANY($1::text[]) AND status = 'pending'`,
        [scoreIds],
      );
    },

    /** A provider error: try again after `delaySeconds`. */
    async retryLater(scoreId: string, delaySeconds: number, message: string) {
      await pool().query(
        `UPDATE judge_scores SET next_attempt_at = (now() AT TIME ZONE 'UTC') + make_interval(secs => $2), raw = $3
         WHERE id = $1 AND status = 'pending'`,
        [scoreId, delaySeconds, message.slice(0, 2000)],
      );
    },

    /** Counts a provider failure; pauses the judge once `pauseAfter` happen in a row. Returns true when paused. */
    async judgeFailed(judgeConfigId: string, pauseAfter: number, reason: string): Promise<boolean> {
      const { rows } = await pool().query<{ paused: boolean }>(
        `UPDATE judge_configs SET consecutive_failures = consecutive_failures + 1,
           paused_reason = CASE WHEN consecutive_failures + 1 >= $2 AND paused_reason IS NULL THEN $3 ELSE paused_reason END
         WHERE id = $1 RETURNING paused_reason IS NOT NULL AS paused`,
        [judgeConfigId, pauseAfter, reason],
      );
      return rows[0]?.paused ?? false;
    },

    async judgeSucceeded(judgeConfigId: string) {
      await pool().query(
        `UPDATE judge_configs SET consecutive_failures = 0 WHERE id = $1 AND consecutive_failures > 0`,
        [judgeConfigId],
      );
    },

    /** Projects with pending scores or enabled judges (for the sweep). */
    async projectsWithJudges(): Promise<string[]> {
      const { rows } = await pool().query<{ project_id: string }>(
        `SELECT DISTINCT project_id FROM judge_configs WHERE enabled AND paused_reason IS NULL`,
      );
      return rows.map((r) => r.project_id);
    },
  };
}
export type EvaluationRepo = ReturnType<typeof createEvaluationRepo>;
