import { createProjectInput, enterProjectInput, renameProjectInput } from "../../modules/projects/projects.schema";
import { adminProcedure, authedProcedure, instanceAdminProcedure, router, viewerProcedure } from "../init";

export const projectsRouter = router({
  list: authedProcedure.query(({ ctx }) => ctx.services.projects.listForUser(ctx.user.id)),
  get: viewerProcedure.query(async ({ ctx }) => ({
    ...(await ctx.services.projects.get(ctx.project.id)),
    role: ctx.role,
  })),
  create: instanceAdminProcedure
    .input(createProjectInput)
    .mutation(({ ctx, input }) => ctx.services.projects.create({ name: input.name, creatorId: ctx.user.id })),
  /** Instance admins: every project, and entering one as its admin (audited in that project). */
  all: instanceAdminProcedure.query(({ ctx }) => ctx.services.projects.listAll(ctx.user.id)),
  enter: instanceAdminProcedure
    .input(enterProjectInput)
    .mutation(({ ctx, input }) => ctx.services.projects.enter(input.projectId, ctx.user.id)),
  rename: adminProcedure
    .input(renameProjectInput)
    .mutation(({ ctx, input }) => ctx.services.projects.rename(ctx.project.id, input.name, ctx.user.id)),
});
