import { createFineTuneInput, fineTuneIdInput } from "../../modules/finetunes/finetunes.schema";
import { mlLeadProcedure, router, viewerProcedure } from "../init";

export const finetunesRouter = router({
  list: viewerProcedure.query(({ ctx }) => ctx.services.finetunes.list(ctx.project.id)),
  backends: viewerProcedure.query(({ ctx }) => ctx.services.finetunes.backends()),
  create: mlLeadProcedure
    .input(createFineTuneInput)
    .mutation(({ ctx, input }) => ctx.services.finetunes.create(ctx.project.id, input, ctx.user.id)),
  approve: mlLeadProcedure
    .input(fineTuneIdInput)
    .mutation(({ ctx, input }) => ctx.services.finetunes.approve(ctx.project.id, input.jobId, ctx.user.id)),
  cancel: mlLeadProcedure
    .input(fineTuneIdInput)
    .mutation(({ ctx, input }) => ctx.services.finetunes.cancel(ctx.project.id, input.jobId, ctx.user.id)),
  retry: mlLeadProcedure
    .input(fineTuneIdInput)
    .mutation(({ ctx, input }) => ctx.services.finetunes.retry(ctx.project.id, input.jobId, ctx.user.id)),
});
