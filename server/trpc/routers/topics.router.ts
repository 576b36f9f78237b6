import { mergeTopicsInput, renameTopicInput } from "../../modules/topics/topics.schema";
import { adminProcedure, mlLeadProcedure, router, viewerProcedure } from "../init";

export const topicsRouter = router({
  overview: viewerProcedure.query(({ ctx }) => ctx.services.topics.overview(ctx.project.id)),
  backlog: viewerProcedure.query(({ ctx }) => ctx.services.topics.backlog(ctx.project.id)),
  reclusterNow: mlLeadProcedure.mutation(({ ctx }) =>
    ctx.services.topics.requestRecluster(ctx.project.id, ctx.user.id),
  ),
  rename: adminProcedure
    .input(renameTopicInput)
    .mutation(({ ctx, input }) => ctx.services.topics.rename(ctx.project.id, input.topicId, input.label, ctx.user.id)),
  merge: adminProcedure
    .input(mergeTopicsInput)
    .mutation(({ ctx, input }) => ctx.services.topics.merge(ctx.project.id, input.fromIds, input.intoId, ctx.user.id)),
});
