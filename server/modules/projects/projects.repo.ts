import type { Db } from "../../db";
import type { ProjectRole } from "../auth/roles";
import type { Executor } from "../../db/unit-of-work";
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

    /** Every project with its member count and whether `userId` is a member (the instance admin's list). */
    async listAll(userId: string) {
      const rows = await db.project.findMany({
        orderBy: { createdAt: "asc" },
        select: {
          ...projectSelect,
          _count: { select: { memberships: true } },
          memberships: { where: { userId }, select: { role: true } },
        },
      });
      return rows.map(({ _count, memberships, ...p }) => ({
        ...p,
        members: _count.memberships,
        role: memberships[0]?.role ?? null,
      }));
    },

    /** Makes `userId` an admin of the project; the role they had before, or null when they were not a member. */
    async makeAdmin(tx: Executor, projectId: string, userId: string): Promise<ProjectRole | null> {
      const before = await tx.membership.findUnique({
        where: { projectId_userId: { projectId, userId } },
        select: { role: true },
      });
      await tx.membership.upsert({
        where: { projectId_userId: { projectId, userId } },
        create: { projectId, userId, role: "admin" },
        update: { role: "admin" },
      });
      return before?.role ?? null;
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

    create(tx: Executor, input: { name: string; creatorId: string; isDemo?: boolean; settings: ProjectSettingsDoc }) {
      return tx.project.create({
        data: {
          name: input.name,
          isDemo: input.isDemo ?? false,
          memberships: { create: { userId: input.creatorId, role: "admin" } },
          settings: { create: { data: input.settings } },
        },
        select: projectSelect,
      });
    },

    /** The new project and the name it had, or null when there is no such project. */
    async rename(tx: Executor, projectId: string, name: string) {
      const before = await tx.project.findUnique({ where: { id: projectId }, select: { name: true } });
      if (!before) return null;
      const project = await tx.project.update({ where: { id: projectId }, data: { name }, select: projectSelect });
      return { project, from: before.name };
    },
  };
}
export type ProjectsRepo = ReturnType<typeof createProjectsRepo>;
