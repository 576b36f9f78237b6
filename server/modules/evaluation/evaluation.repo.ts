import { sql } from "kysely";
import { sqlDb, type Db } from "../../db";
import type { Prisma } from "../../db/types";
import { sqlFor, type Executor } from "../../db/unit-of-work";
import type { JudgeFilters, RubricContent } from "./evaluation.schema";

export interface JudgeChange {
  enabled?: boolean;
  sampleRate?: number;
  rubricVersionId?: string;
  filters?: JudgeFilters;
  resume?: boolean;
}

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

const rubricVersionSelect = {
  id: true,
  rubricId: true,
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

/** The columns of a rubric version, from the rubric's content. */
function versionData(content: RubricContent) {
  return {
    criteria: content.criteria,
    failureCategories: content.failureCategories,
    examples: content.examples,
    notes: content.notes ?? null,
  };
}

export function createEvaluationRepo(db: Db) {
  const pool = () => sqlDb(db);
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

    hasRubricNamed: async (tx: Executor, projectId: string, name: string) =>
      (await tx.rubric.findFirst({ where: { projectId, name }, select: { id: true } })) !== null,

    /** Locks the project's rubric (versions are numbered under it), or null when there is none. */
    async lockRubric(tx: Executor, projectId: string, rubricId: string) {
      const rows = await sql<{ id: string }>`
        SELECT id FROM rubrics WHERE id = ${rubricId} AND project_id = ${projectId} FOR UPDATE`
        .execute(sqlFor(tx))
        .then((r) => r.rows);
      return rows.length > 0;
    },

    createRubric: (tx: Executor, projectId: string, name: string) =>
      tx.rubric.create({ data: { projectId, name }, select: { id: true } }),

    /** The rubric's next version (the caller holds its lock). */
    async addRubricVersion(
      tx: Executor,
      projectId: string,
      rubricId: string,
      content: RubricContent,
      actorId: string | null,
    ) {
      const last = await tx.rubricVersion.findFirst({
        where: { rubricId },
        orderBy: { version: "desc" },
        select: { version: true },
      });
      return tx.rubricVersion.create({
        data: { projectId, rubricId, version: (last?.version ?? 0) + 1, ...versionData(content), createdById: actorId },
        select: { id: true, version: true },
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

    hasRubricVersion: async (tx: Executor, projectId: string, rubricVersionId: string) =>
      (await tx.rubricVersion.findFirst({ where: { id: rubricVersionId, projectId }, select: { id: true } })) !== null,

    hasJudgeNamed: async (tx: Executor, projectId: string, name: string) =>
      (await tx.judgeConfig.findFirst({ where: { projectId, name }, select: { id: true } })) !== null,

    createJudge: (
      tx: Executor,
      input: Pick<
        JudgeConfigRow,
        | "projectId"
        | "name"
        | "provider"
        | "baseUrl"
        | "model"
        | "encryptedSecret"
        | "rubricVersionId"
        | "sampleRate"
        | "filters"
      > & { options: Prisma.InputJsonObject; actorId: string | null },
    ) =>
      tx.judgeConfig.create({
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
      }),

    /** False when the judge is not the project's. */
    async updateJudge(tx: Executor, projectId: string, judgeConfigId: string, change: JudgeChange): Promise<boolean> {
      const res = await tx.judgeConfig.updateMany({
        where: { id: judgeConfigId, projectId },
        data: {
          enabled: change.enabled,
          sampleRate: change.sampleRate,
          rubricVersionId: change.rubricVersionId,
          filters: change.filters,
          ...(change.resume ? { pausedReason: null, consecutiveFailures: 0 } : {}),
        },
      });
      return res.count === 1;
    },

    /** Enabled, unpaused judges with their scan position. */
    async activeJudges(projectId: string): Promise<JudgeConfigRow[]> {
      return (await db.judgeConfig.findMany({
        where: { projectId, enabled: true, pausedReason: null },
        orderBy: { createdAt: "asc" },
      })) as unknown as JudgeConfigRow[];
    },

    async judge(projectId: string, judgeConfigId: string): Promise<JudgeConfigRow | null> {
      return (await db.judgeConfig.findFirst({
        where: { id: judgeConfigId, projectId },
      })) as unknown as JudgeConfigRow | null;
    },

    /** Counts a provider failure; pauses the judge once `pauseAfter` happen in a row. Returns true when paused. */
    async judgeFailed(judgeConfigId: string, pauseAfter: number, reason: string): Promise<boolean> {
      const { rows } = await sql<{
        paused: boolean;
      }>`UPDATE judge_configs SET consecutive_failures = consecutive_failures + 1,
           paused_reason = CASE WHEN consecutive_failures + 1 >= ${pauseAfter} AND paused_reason IS NULL THEN ${reason} ELSE paused_reason END
         WHERE id = ${judgeConfigId} RETURNING paused_reason IS NOT NULL AS paused`.execute(pool());
      return rows[0]?.paused ?? false;
    },

    async judgeSucceeded(judgeConfigId: string) {
      await sql`UPDATE judge_configs SET consecutive_failures = 0 WHERE id = ${judgeConfigId} AND consecutive_failures > 0`.execute(
        pool(),
      );
    },

    /** Projects with pending scores or enabled judges (for the sweep). */
    async projectsWithJudges(): Promise<string[]> {
      const { rows } = await sql<{
        projectId: string;
      }>`SELECT DISTINCT project_id FROM judge_configs WHERE enabled AND paused_reason IS NULL`.execute(pool());
      return rows.map((r) => r.projectId);
    },
  };
}
export type EvaluationRepo = ReturnType<typeof createEvaluationRepo>;
