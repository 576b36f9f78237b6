import { createFineTuneInput, fineTuneIdInput } from "../../modules/finetunes/finetunes.schema";
import { mlLeadProcedure, router, viewerProcedure } from "../init";

export const finetunesRouter = router({
  list: viewerProcedure.query(({ ctx }) => ctx.services.finetunes.list(ctx.project.id)),
  backends: viewerProcedure.query(({ ctx }) => ctx.services.finetunes.backends()),
  create: mlLeadProcedure.input(createFineTuneInput).mutation(async ({ ctx, input }) => {
    const created = await ctx.services.finetunes.create(ctx.project.id, input, ctx.user.id);
    await ctx.startFineTune?.(ctx.project.id, created.jobId);
    return created;
  }),
  approve: mlLeadProcedure.input(fineTuneIdInput).mutation(async ({ ctx, input }) => {
    const approved = await ctx.services.finetunes.approve(ctx.project.id, input.jobId, ctx.user.id);
    await ctx.startFineTune?.(ctx.project.id, input.jobId);
    return approved;
  }),
  cancel: mlLeadProcedure
    .input(fineTuneIdInput)
    .mutation(({ ctx, input }) => ctx.services.finetunes.cancel(ctx.project.id, input.jobId, ctx.user.id)),
  retry: mlLeadProcedure.input(fineTuneIdInput).mutation(async ({ ctx, input }) => {
    const created = await ctx.services.finetunes.retry(ctx.project.id, input.jobId, ctx.user.id);
    await ctx.startFineTune?.(ctx.project.id, created.jobId);
    return created;
  }),
});
