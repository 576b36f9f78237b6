import { pgPool, type Db } from "../../db";
import type { Prisma } from "../../db/types";
import { DomainError } from "../../errors";
import { insertAudit } from "../audit/audit.repo";
import type { JudgeFilters, RubricContent } from "./evaluation.schema";

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
            ...versionData(content),
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
            ...versionData(content),
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
