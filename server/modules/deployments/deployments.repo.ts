import { sql } from "kysely";
import { sqlDb, type Db } from "../../db";
import type { Prisma } from "../../db/types";
import type { Executor } from "../../db/unit-of-work";
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

    /** Whether the project has a version with this name, or this id (a parent must be the project's own). */
    async hasVersion(tx: Executor, projectId: string, where: { name: string } | { id: string }) {
      return (await tx.modelVersion.findFirst({ where: { projectId, ...where }, select: { id: true } })) !== null;
    },

    /** The project's production route row, or null before its first version. */
    productionRoute: (tx: Executor, projectId: string) =>
      tx.productionRoute.findUnique({ where: { projectId }, select: { modelVersionId: true } }),

    insertVersion: (
      tx: Executor,
      input: {
        projectId: string;
        name: string;
        provider: string;
        config: Prisma.InputJsonObject;
        encryptedSecret: string | null;
        parentId: string | null;
        adapterRef: string | null;
        actorId: string | null;
        status: "production" | "candidate";
      },
    ) =>
      tx.modelVersion.create({
        data: {
          projectId: input.projectId,
          name: input.name,
          provider: input.provider,
          config: input.config,
          encryptedSecret: input.encryptedSecret,
          parentId: input.parentId,
          adapterRef: input.adapterRef,
          createdById: input.actorId,
          status: input.status,
        },
        select: { id: true, name: true, status: true },
      }),

    async routeProduction(tx: Executor, projectId: string, modelVersionId: string) {
      await tx.productionRoute.create({ data: { projectId, modelVersionId } });
    },

    version: (tx: Executor, projectId: string, modelVersionId: string) =>
      tx.modelVersion.findFirst({
        where: { id: modelVersionId, projectId },
        select: { status: true, mirrorFraction: true },
      }),

    async setStatus(
      tx: Executor,
      modelVersionId: string,
      status: "shadow" | "candidate" | "retired",
      mirrorFraction: number,
    ) {
      await tx.modelVersion.update({ where: { id: modelVersionId }, data: { status, mirrorFraction } });
    },

    /** Every process's gateway drops its cached targets when the transaction commits. */
    routesChanged: (tx: Executor, projectId: string) => notifyRoutesChanged(tx, projectId),

    /**
     * Everything the gateway needs for one request, in one round trip that always returns one row: the production
     * target (the one place that reads the route row promotions switch atomically), the shadow targets, and the
     * project's settings document.
     */
    async gatewayTargets(
      projectId: string,
    ): Promise<{ production: StoredTarget | null; shadows: StoredTarget[]; settings: unknown }> {
      type Row = StoredTarget & { isProduction: boolean };
      const { rows } = await sql<{
        settings: unknown;
        targets: Row[];
      }>`SELECT (SELECT ps.data FROM project_settings ps WHERE ps.project_id = ${projectId}) AS settings,
                COALESCE((
                  SELECT json_agg(json_build_object(
                    'id', mv.id, 'name', mv.name, 'provider', mv.provider, 'config', mv.config, 'encryptedSecret', mv.encrypted_secret,
                    'mirrorFraction', mv.mirror_fraction, 'isProduction', mv.id = pr.model_version_id))
                  FROM model_versions mv LEFT JOIN production_routes pr ON pr.project_id = mv.project_id
                  WHERE mv.project_id = ${projectId} AND (mv.id = pr.model_version_id OR mv.status = 'shadow')
                ), '[]'::json) AS targets`.execute(sqlDb(db));
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
