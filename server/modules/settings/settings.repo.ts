import type { Db } from "../../db";
import type { Prisma } from "../../db/types";
import { insertAudit } from "../audit/audit.repo";
import { notifyRoutesChanged } from "../deployments/route-changes";

export function createSettingsRepo(db: Db) {
  return {
    async read(projectId: string): Promise<unknown> {
      const row = await db.projectSettings.findUnique({ where: { projectId }, select: { data: true } });
      return row?.data ?? {};
    },

    write(projectId: string, data: Prisma.InputJsonValue, actorId: string, detail: Prisma.InputJsonValue) {
      return db.$transaction(async (tx) => {
        await tx.projectSettings.upsert({ where: { projectId }, create: { projectId, data }, update: { data } });
        await notifyRoutesChanged(tx, projectId); // the gateway caches settings with its targets
        await insertAudit(tx, {
          projectId,
          actorId,
          action: "settings.update",
          targetType: "project",
          targetId: projectId,
          detail,
        });
      });
    },
  };
}
export type SettingsRepo = ReturnType<typeof createSettingsRepo>;
