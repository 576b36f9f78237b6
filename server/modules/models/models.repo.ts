import type { Db } from "../../db";
import { DomainError } from "../../errors";
import { insertAudit } from "../audit/audit.repo";

const publicSelect = {
  id: true,
  name: true,
  provider: true,
  config: true,
  status: true,
  parentId: true,
  mirrorFraction: true,
  createdAt: true,
  encryptedSecret: true,
} as const;

export interface StoredTarget {
  id: string;
  name: string;
  config: unknown;
  encryptedSecret: string | null;
  mirrorFraction: number;
}

export function createModelsRepo(db: Db) {
  return {
    async list(projectId: string) {
      const rows = await db.modelVersion.findMany({
        where: { projectId },
        orderBy: { createdAt: "desc" },
        select: publicSelect,
      });
      // The sealed secret never leaves the repo: callers learn only whether one is set.
      return rows.map(({ encryptedSecret, ...r }) => ({ ...r, hasApiKey: encryptedSecret !== null }));
    },

    /** Registers a version; the project's first one starts serving production. */
    create(input: {
      projectId: string;
      name: string;
      provider: string;
      config: Record<string, string>;
      encryptedSecret: string | null;
      actorId: string;
    }) {
      return db.$transaction(async (tx) => {
        if (
          await tx.modelVersion.findFirst({
            where: { projectId: input.projectId, name: input.name },
            select: { id: true },
          })
        ) {
          throw new DomainError("CONFLICT", `A model version named ${input.name} already exists`);
        }
        const route = await tx.productionRoute.findUnique({ where: { projectId: input.projectId } });
        const created = await tx.modelVersion.create({
          data: {
            projectId: input.projectId,
            name: input.name,
            provider: input.provider,
            config: input.config,
            encryptedSecret: input.encryptedSecret,
            status: route ? "candidate" : "production",
          },
          select: { id: true, name: true, status: true },
        });
        if (!route)
          await tx.productionRoute.create({ data: { projectId: input.projectId, modelVersionId: created.id } });
        await insertAudit(tx, {
          projectId: input.projectId,
          actorId: input.actorId,
          action: "model.create",
          targetType: "model_version",
          targetId: created.id,
          detail: {
            name: input.name,
            provider: input.provider,
            baseUrl: input.config.baseUrl ?? null,
            model: input.config.model ?? null,
            production: !route,
          },
        });
        return created;
      });
    },

    setStatus(
      projectId: string,
      modelVersionId: string,
      status: "shadow" | "candidate" | "retired",
      mirrorFraction: number | undefined,
      actorId: string,
    ) {
      return db.$transaction(async (tx) => {
        const current = await tx.modelVersion.findFirst({
          where: { id: modelVersionId, projectId },
          select: { status: true, mirrorFraction: true },
        });
        if (!current) throw new DomainError("NOT_FOUND", "Model version not found");
        if (current.status === "production")
          throw new DomainError("INVALID_STATE", "This version serves production; promote another version first");
        const fraction = status === "shadow" ? (mirrorFraction ?? (current.mirrorFraction || 0.2)) : 0;
        await tx.modelVersion.update({ where: { id: modelVersionId }, data: { status, mirrorFraction: fraction } });
        await insertAudit(tx, {
          projectId,
          actorId,
          action: "model.status",
          targetType: "model_version",
          targetId: modelVersionId,
          detail: { from: current.status, to: status, mirrorFraction: fraction },
        });
      });
    },

    /** The one place that reads which version serves production (promotions switch this row atomically). */
    async productionTarget(projectId: string): Promise<StoredTarget | null> {
      const route = await db.productionRoute.findUnique({ where: { projectId }, select: { modelVersionId: true } });
      if (!route) return null;
      return db.modelVersion.findFirst({
        where: { id: route.modelVersionId, projectId },
        select: { id: true, name: true, config: true, encryptedSecret: true, mirrorFraction: true },
      });
    },

    shadowTargets(projectId: string): Promise<StoredTarget[]> {
      return db.modelVersion.findMany({
        where: { projectId, status: "shadow", mirrorFraction: { gt: 0 } },
        select: { id: true, name: true, config: true, encryptedSecret: true, mirrorFraction: true },
      });
    },

    target(projectId: string, modelVersionId: string): Promise<StoredTarget | null> {
      return db.modelVersion.findFirst({
        where: { id: modelVersionId, projectId },
        select: { id: true, name: true, config: true, encryptedSecret: true, mirrorFraction: true },
      });
    },
  };
}
export type ModelsRepo = ReturnType<typeof createModelsRepo>;
