import type { Db } from "../../db";
import type { Prisma } from "../../db/types";
import type { Executor } from "../../db/unit-of-work";
import { notifyRoutesChanged } from "../deployments/route-changes";

export function createSettingsRepo(db: Db) {
  return {
    async read(projectId: string): Promise<unknown> {
      const row = await db.projectSettings.findUnique({ where: { projectId }, select: { data: true } });
      return row?.data ?? {};
    },

    async write(tx: Executor, projectId: string, data: Prisma.InputJsonValue) {
      await tx.projectSettings.upsert({ where: { projectId }, create: { projectId, data }, update: { data } });
      await notifyRoutesChanged(tx, projectId); // the gateway caches settings with its targets
    },
  };
}
export type SettingsRepo = ReturnType<typeof createSettingsRepo>;
