import { authedProcedure, router } from "../init";

export const meRouter = router({
  get: authedProcedure.query(async ({ ctx }) => ({
    user: ctx.user,
    projects: await ctx.services.projects.listForUser(ctx.user.id),
  })),
});
