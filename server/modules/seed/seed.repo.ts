import { sql } from "kysely";
import type { Prisma } from "../../db/types";
import { sqlFor, type Executor } from "../../db/unit-of-work";

// Serialises concurrent first starts (two launchers on one database): only one seeds.
const SEED_LOCK_ID = 72_090_418;

export function createSeedRepo() {
  return {
    /** Inside the seeding transaction: null when the instance already has users. */
    async seedIfEmpty(
      tx: Executor,
      input: {
        adminEmail: string;
        passwordHash: string;
        /** The Demo project, when a demo world is installed; null: the admin alone. */
        demo: {
          settings: Prisma.InputJsonValue;
          apiKey: { prefix: string; hash: string };
          /** Its production model version (simulated). */
          model: { name: string; provider: string; config: Prisma.InputJsonObject };
          /** Its rubric, simulated judge and routing queue. */
          evaluation: {
            rubricName: string;
            criteria: Prisma.InputJsonValue;
            failureCategories: string[];
            notes: string | null;
            judge: { name: string; noise: number; sampleRate: number };
            queue: { name: string; description: string; overlap: number; goldRate: number; routing: object };
          };
        } | null;
      },
    ) {
      await sql`SELECT 1 AS locked FROM pg_advisory_xact_lock(${SEED_LOCK_ID})`.execute(sqlFor(tx));
      if ((await tx.user.count()) > 0) return null;
      const admin = await tx.user.create({
        data: { email: input.adminEmail, name: "Admin", passwordHash: input.passwordHash, isInstanceAdmin: true },
        select: { id: true },
      });
      const demo = input.demo;
      if (!demo) return { adminId: admin.id, projectId: null, apiKeyId: null };
      const project = await tx.project.create({
        data: {
          name: "Demo",
          isDemo: true,
          memberships: { create: { userId: admin.id, role: "admin" } },
          settings: { create: { data: demo.settings } },
        },
        select: { id: true },
      });
      const model = await tx.modelVersion.create({
        data: { projectId: project.id, status: "production", ...demo.model },
        select: { id: true },
      });
      await tx.productionRoute.create({ data: { projectId: project.id, modelVersionId: model.id } });
      const e = demo.evaluation;
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
          prefix: demo.apiKey.prefix,
          hash: demo.apiKey.hash,
          scopes: ["ingest"],
        },
        select: { id: true },
      });
      return { adminId: admin.id, projectId: project.id, apiKeyId: key.id };
    },
  };
}
export type SeedRepo = ReturnType<typeof createSeedRepo>;
