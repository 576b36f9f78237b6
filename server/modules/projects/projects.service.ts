import { DomainError } from "../../errors";
import { STANDARD_SETTINGS } from "../settings/settings-profiles";
import type { UnitOfWork } from "../../db/unit-of-work";
import type { AuditRepo } from "../audit/audit.repo";
import type { ProjectsRepo } from "./projects.repo";

export function createProjectsService({
  repo,
  audit,
  uow,
}: {
  repo: ProjectsRepo;
  audit: Pick<AuditRepo, "insert">;
  uow: UnitOfWork;
}) {
  return {
    membership: repo.membership,
    listForUser: repo.listForUser,
    /** The seeded Demo project (the simulator's home), or null when it was never seeded. */
    demoProjectId: repo.demoProjectId,
    /** Every project id (for worker sweeps). */
    allIds: repo.allIds,

    async get(projectId: string) {
      const project = await repo.get(projectId);
      if (!project) throw new DomainError("NOT_FOUND", "Project not found");
      return project;
    },

    create: (input: { name: string; creatorId: string }) =>
      uow(async (tx) => {
        const project = await repo.create(tx, { ...input, settings: STANDARD_SETTINGS });
        await audit.insert(tx, {
          projectId: project.id,
          actorId: input.creatorId,
          action: "project.create",
          targetType: "project",
          targetId: project.id,
          detail: { name: project.name },
        });
        return project;
      }),

    /** Every project of the instance (instance admins), with whether they are a member. */
    listAll: (userId: string) => repo.listAll(userId),

    /**
     * An instance admin enters a project as its admin (to help, or after its own admins left), recorded in that
     * project's audit log where its members see it.
     */
    async enter(projectId: string, instanceAdminId: string) {
      if (!(await repo.get(projectId))) throw new DomainError("NOT_FOUND", "Project not found");
      return uow(async (tx) => {
        const before = await repo.makeAdmin(tx, projectId, instanceAdminId);
        await audit.insert(tx, {
          projectId,
          actorId: instanceAdminId,
          action: "member.instance_admin_enter",
          targetType: "user",
          targetId: instanceAdminId,
          detail: { from: before, to: "admin" },
        });
        return { projectId };
      });
    },

    rename: (projectId: string, name: string, actorId: string) =>
      uow(async (tx) => {
        const renamed = await repo.rename(tx, projectId, name);
        if (!renamed) throw new DomainError("NOT_FOUND", "Project not found");
        await audit.insert(tx, {
          projectId,
          actorId,
          action: "project.rename",
          targetType: "project",
          targetId: projectId,
          detail: { from: renamed.from, to: name },
        });
        return renamed.project;
      }),
  };
}
