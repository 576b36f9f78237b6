import { createFineTuneInput, fineTuneIdInput } from "../../modules/fine-tunes/fine-tunes.schema";
import { mlLeadProcedure, router, viewerProcedure } from "../init";

export const fineTunesRouter = router({
  list: viewerProcedure.query(({ ctx }) => ctx.services.fineTunes.list(ctx.project.id)),
  backends: viewerProcedure.query(({ ctx }) => ctx.services.fineTunes.backends()),
  create: mlLeadProcedure
    .input(createFineTuneInput)
    .mutation(({ ctx, input }) => ctx.services.fineTunes.create(ctx.project.id, input, ctx.user.id)),
  approve: mlLeadProcedure
    .input(fineTuneIdInput)
    .mutation(({ ctx, input }) => ctx.services.fineTunes.approve(ctx.project.id, input.jobId, ctx.user.id)),
  cancel: mlLeadProcedure
    .input(fineTuneIdInput)
    .mutation(({ ctx, input }) => ctx.services.fineTunes.cancel(ctx.project.id, input.jobId, ctx.user.id)),
  retry: mlLeadProcedure
    .input(fineTuneIdInput)
    .mutation(({ ctx, input }) => ctx.services.fineTunes.retry(ctx.project.id, input.jobId, ctx.user.id)),
});
