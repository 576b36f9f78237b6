import { pgPool, type Db } from "../../db";
import { DomainError } from "../../errors";
import type { Prisma } from "../../db/types";
import { insertAudit } from "../audit/audit.repo";
import { listenForRouteChanges, notifyRoutesChanged } from "./route-changes";

const publicSelect = {
  id: true,
  name: true,
  provider: true,
  config: true,
  status: true,
  parentId: true,
  adapterRef: true,
  mirrorFraction: true,
  createdAt: true,
  createdBy: { select: { email: true, name: true } },
  encryptedSecret: true,
} as const;

/** The version serving the project's production now (the route row), or null before one is registered. */
export async function productionVersionId(db: Db, projectId: string): Promise<string | null> {
  const row = await db.productionRoute.findUnique({ where: { projectId }, select: { modelVersionId: true } });
  return row?.modelVersionId ?? null;
}

export interface StoredTarget {
  id: string;
  name: string;
  provider: string;
  config: unknown;
  encryptedSecret: string | null;
  mirrorFraction: number;
}

export function createDeploymentsRepo(db: Db) {
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
      config: Prisma.InputJsonObject & { baseUrl?: string; model?: string; profile?: string };
      encryptedSecret: string | null;
      parentId: string | null;
      adapterRef: string | null;
      actorId: string | null;
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
        if (
          input.parentId &&
          !(await tx.modelVersion.findFirst({
            where: { id: input.parentId, projectId: input.projectId },
            select: { id: true },
          }))
        ) {
          throw new DomainError("NOT_FOUND", "The parent version does not exist in this project");
        }
        const route = await tx.productionRoute.findUnique({ where: { projectId: input.projectId } });
        const created = await tx.modelVersion.create({
          data: {
            projectId: input.projectId,
            name: input.name,
            provider: input.provider,
            config: input.config,
            encryptedSecret: input.encryptedSecret,
            parentId: input.parentId,
            adapterRef: input.adapterRef,
            createdById: input.actorId,
            status: route ? "candidate" : "production",
          },
          select: { id: true, name: true, status: true },
        });
        if (!route)
          await tx.productionRoute.create({ data: { projectId: input.projectId, modelVersionId: created.id } });
        await notifyRoutesChanged(tx, input.projectId);
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
            profile: input.config.profile ?? null,
            parentId: input.parentId,
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
      actorId: string | null,
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
        await notifyRoutesChanged(tx, projectId);
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

    /**
     * Everything the gateway needs for one request, in one round trip that always returns one row: the production
     * target (the one place that reads the route row promotions switch atomically), the shadow targets, and the
     * project's settings document.
     */
    async gatewayTargets(
      projectId: string,
    ): Promise<{ production: StoredTarget | null; shadows: StoredTarget[]; settings: unknown }> {
      type Row = StoredTarget & { isProduction: boolean };
      const { rows } = await pgPool(db).query<{ settings: unknown; targets: Row[] }>(
        `SELECT (SELECT ps.data FROM project_settings ps WHERE ps.project_id = $1) AS settings,
                COALESCE((
                  SELECT json_agg(json_build_object(
                    'id', mv.id, 'name', mv.name, 'provider', mv.provider, 'config', mv.config, 'encryptedSecret', mv.encrypted_secret,
                    'mirrorFraction', mv.mirror_fraction, 'isProduction', mv.id = pr.model_version_id))
                  FROM model_versions mv LEFT JOIN production_routes pr ON pr.project_id = mv.project_id
                  WHERE mv.project_id = $1 AND (mv.id = pr.model_version_id OR mv.status = 'shadow')
                ), '[]'::json) AS targets`,
        [projectId],
      );
      const { settings, targets } = rows[0]!;
      const stored = ({ isProduction: _, ...t }: Row): StoredTarget => t;
      const production = targets.find((t) => t.isProduction);
      return {
        production: production ? stored(production) : null,
        shadows: targets.filter((t) => !t.isProduction).map(stored),
        settings: settings ?? {},
      };
    },

    listenForRouteChanges: (onChange: (projectId: string | null) => void) => listenForRouteChanges(db, onChange),

    target(projectId: string, modelVersionId: string): Promise<StoredTarget | null> {
      return db.modelVersion.findFirst({
        where: { id: modelVersionId, projectId },
        select: { id: true, name: true, provider: true, config: true, encryptedSecret: true, mirrorFraction: true },
      });
    },
  };
}
export type DeploymentsRepo = ReturnType<typeof createDeploymentsRepo>;
