import { mergeTopicsInput, renameTopicInput } from "../../modules/topics/topics.schema";
import { adminProcedure, mlLeadProcedure, router, viewerProcedure } from "../init";

export const topicsRouter = router({
  overview: viewerProcedure.query(({ ctx }) => ctx.services.topics.overview(ctx.project.id)),
  backlog: viewerProcedure.query(({ ctx }) => ctx.services.topics.backlog(ctx.project.id)),
  /** The web app hands the run to the worker (queued: true); without a worker hook (tests) it runs here. */
  reclusterNow: mlLeadProcedure.mutation(async ({ ctx }) => {
    const requestedAt = new Date();
    if (ctx.requestRecluster) {
      await ctx.requestRecluster(ctx.project.id, ctx.user.id);
      return { queued: true, requestedAt, stats: null };
    }
    return {
      queued: false,
      requestedAt,
      stats: await ctx.services.topics.recluster(ctx.project.id, "manual", ctx.user.id),
    };
  }),
  rename: adminProcedure
    .input(renameTopicInput)
    .mutation(({ ctx, input }) => ctx.services.topics.rename(ctx.project.id, input.topicId, input.label, ctx.user.id)),
  merge: adminProcedure
    .input(mergeTopicsInput)
    .mutation(({ ctx, input }) => ctx.services.topics.merge(ctx.project.id, input.fromIds, input.intoId, ctx.user.id)),
});
