import type { Db } from "../../db";
import type { Prisma } from "../../db/types";
import { insertAudit } from "../audit/audit.repo";

// Serialises concurrent first starts (two launchers on one database): only one seeds.
const SEED_LOCK_ID = 72_090_418;

export function createSeedRepo(db: Db) {
  return {
    seedIfEmpty(input: {
      adminEmail: string;
      passwordHash: string;
      demoSettings: Prisma.InputJsonValue;
      apiKey: { prefix: string; hash: string };
      /** The Demo project's production model version (simulated). */
      demoModel: { name: string; provider: string; config: Prisma.InputJsonObject };
      /** The Demo's rubric and simulated judge. */
      demoEvaluation: {
        rubricName: string;
        criteria: Prisma.InputJsonValue;
        failureCategories: string[];
        notes: string | null;
        judge: { name: string; noise: number; sampleRate: number };
        queue: { name: string; description: string; overlap: number; goldRate: number; routing: object };
      };
    }) {
      return db.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SEED_LOCK_ID})`;
        if ((await tx.user.count()) > 0) return null;
        const admin = await tx.user.create({
          data: { email: input.adminEmail, name: "Admin", passwordHash: input.passwordHash, isInstanceAdmin: true },
          select: { id: true },
        });
        const project = await tx.project.create({
          data: {
            name: "Demo",
            isDemo: true,
            memberships: { create: { userId: admin.id, role: "admin" } },
            settings: { create: { data: input.demoSettings } },
          },
          select: { id: true },
        });
        const model = await tx.modelVersion.create({
          data: { projectId: project.id, status: "production", ...input.demoModel },
          select: { id: true },
        });
        await tx.productionRoute.create({ data: { projectId: project.id, modelVersionId: model.id } });
        const e = input.demoEvaluation;
        const rubric = await tx.rubric.create({
          data: {
            projectId: project.id,
            name: e.rubricName,
            versions: {
              create: {
                projectId: project.id,
                version: 1,
                criteria: e.criteria,
                failureCategories: e.failureCategories,
                notes: e.notes,
              },
            },
          },
          select: { versions: { select: { id: true } } },
        });
        await tx.judgeConfig.create({
          data: {
            projectId: project.id,
            name: e.judge.name,
            provider: "simulated",
            model: "simulated-judge",
            rubricVersionId: rubric.versions[0]!.id,
            sampleRate: e.judge.sampleRate,
            options: { noise: e.judge.noise },
          },
        });
        await tx.labelQueue.create({
          data: {
            projectId: project.id,
            name: e.queue.name,
            description: e.queue.description,
            kind: "pointwise",
            rubricVersionId: rubric.versions[0]!.id,
            overlap: e.queue.overlap,
            goldRate: e.queue.goldRate,
            source: "routing",
            routing: e.queue.routing,
            assignees: { create: { userId: admin.id, projectId: project.id } },
          },
        });
        const key = await tx.apiKey.create({
          data: {
            projectId: project.id,
            name: "Demo ingest key",
            prefix: input.apiKey.prefix,
            hash: input.apiKey.hash,
            scopes: ["ingest"],
          },
          select: { id: true },
        });
        await insertAudit(tx, {
          projectId: project.id,
          actorId: null,
          action: "project.seed",
          targetType: "project",
          targetId: project.id,
          detail: { admin: input.adminEmail, apiKey: input.apiKey.prefix },
        });
        return { adminId: admin.id, projectId: project.id, apiKeyId: key.id };
      });
    },
  };
}
export type SeedRepo = ReturnType<typeof createSeedRepo>;
