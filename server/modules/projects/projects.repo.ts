import type { Db } from "../../db";
import type { ProjectRole } from "../auth/roles";
import { insertAudit } from "../audit/audit.repo";
import type { ProjectSettingsDoc } from "../settings/settings.schema";

const projectSelect = { id: true, name: true, isDemo: true, createdAt: true } as const;

export function createProjectsRepo(db: Db) {
  return {
    async membership(projectId: string, userId: string): Promise<{ role: ProjectRole } | null> {
      return db.membership.findUnique({ where: { projectId_userId: { projectId, userId } }, select: { role: true } });
    },

    async listForUser(userId: string) {
      const rows = await db.membership.findMany({
        where: { userId },
        orderBy: { project: { createdAt: "asc" } },
        select: { role: true, project: { select: projectSelect } },
      });
      return rows.map((r) => ({ ...r.project, role: r.role }));
    },

    async allIds(): Promise<string[]> {
      return (await db.project.findMany({ select: { id: true } })).map((p) => p.id);
    },

    async demoProjectId(): Promise<string | null> {
      const row = await db.project.findFirst({
        where: { isDemo: true },
        orderBy: { createdAt: "asc" },
        select: { id: true },
      });
      return row?.id ?? null;
    },

    get(projectId: string) {
      return db.project.findUnique({ where: { id: projectId }, select: projectSelect });
    },

    create(input: { name: string; creatorId: string; isDemo?: boolean; settings: ProjectSettingsDoc }) {
      return db.$transaction(async (tx) => {
        const project = await tx.project.create({
          data: {
            name: input.name,
            isDemo: input.isDemo ?? false,
            memberships: { create: { userId: input.creatorId, role: "admin" } },
            settings: { create: { data: input.settings } },
          },
          select: projectSelect,
        });
        await insertAudit(tx, {
          projectId: project.id,
          actorId: input.creatorId,
          action: "project.create",
          targetType: "project",
          targetId: project.id,
          detail: { name: project.name },
        });
        return project;
      });
    },

    rename(projectId: string, name: string, actorId: string) {
      return db.$transaction(async (tx) => {
        const before = await tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { name: true } });
        const project = await tx.project.update({ where: { id: projectId }, data: { name }, select: projectSelect });
        await insertAudit(tx, {
          projectId,
          actorId,
          action: "project.rename",
          targetType: "project",
          targetId: projectId,
          detail: { from: before.name, to: name },
        });
        return project;
      });
    },
  };
}
export type ProjectsRepo = ReturnType<typeof createProjectsRepo>;
