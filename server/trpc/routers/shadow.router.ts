import { decideCandidateInput, candidateInput, rejectInput, rollbackInput } from "../../modules/shadow/shadow.schema";
import { mlLeadProcedure, router, viewerProcedure } from "../init";

export const shadowRouter = router({
  candidates: viewerProcedure.query(({ ctx }) => ctx.services.shadow.candidates(ctx.project.id)),
  comparison: viewerProcedure
    .input(candidateInput)
    .query(({ ctx, input }) => ctx.services.shadow.comparison(ctx.project.id, input.candidateId)),
  history: viewerProcedure.query(({ ctx }) => ctx.services.shadow.history(ctx.project.id)),
  rollbackTo: viewerProcedure.query(({ ctx }) => ctx.services.shadow.rollbackTo(ctx.project.id)),
  approve: mlLeadProcedure
    .input(decideCandidateInput)
    .mutation(({ ctx, input }) =>
      ctx.services.shadow.approve(ctx.project.id, input.candidateId, ctx.user.id, input.override),
    ),
  promote: mlLeadProcedure
    .input(decideCandidateInput)
    .mutation(({ ctx, input }) =>
      ctx.services.shadow.promote(ctx.project.id, input.candidateId, ctx.user.id, input.override),
    ),
  reject: mlLeadProcedure
    .input(rejectInput)
    .mutation(({ ctx, input }) =>
      ctx.services.shadow.reject(ctx.project.id, input.candidateId, ctx.user.id, input.reason),
    ),
  rollback: mlLeadProcedure
    .input(rollbackInput)
    .mutation(({ ctx, input }) => ctx.services.shadow.rollback(ctx.project.id, ctx.user.id, input.reason)),
});
