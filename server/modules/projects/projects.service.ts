import { DomainError } from "../../errors";
import { STANDARD_SETTINGS } from "../settings/settings-profiles";
import type { ProjectsRepo } from "./projects.repo";

export function createProjectsService({ repo }: { repo: ProjectsRepo }) {
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

    create: (input: { name: string; creatorId: string }) => repo.create({ ...input, settings: STANDARD_SETTINGS }),
    rename: (projectId: string, name: string, actorId: string) => repo.rename(projectId, name, actorId),
  };
}
