import { roleAtLeast } from "../../modules/auth/roles";
import { z } from "zod";
import {
  backfillIdInput,
  createJudgeInput,
  createRubricInput,
  newRubricVersionInput,
  startBackfillInput,
  updateJudgeInput,
} from "../../modules/evaluation/evaluation.schema";
import { mlLeadProcedure, router, viewerProcedure } from "../init";

export const evaluationRouter = router({
  rubrics: viewerProcedure.query(({ ctx }) => ctx.services.evaluation.listRubrics(ctx.project.id)),
  createRubric: mlLeadProcedure
    .input(createRubricInput)
    .mutation(({ ctx, input: { name, ...content } }) =>
      ctx.services.evaluation.createRubric(ctx.project.id, name, content, ctx.user.id),
    ),
  newRubricVersion: mlLeadProcedure
    .input(newRubricVersionInput)
    .mutation(({ ctx, input: { rubricId, ...content } }) =>
      ctx.services.evaluation.newRubricVersion(ctx.project.id, rubricId, content, ctx.user.id),
    ),
  judges: viewerProcedure.query(({ ctx }) =>
    ctx.services.evaluation.listJudges(ctx.project.id, { endpoints: roleAtLeast(ctx.role, "ml_lead") }),
  ),
  createJudge: mlLeadProcedure
    .input(z.object({ judge: createJudgeInput }))
    .mutation(({ ctx, input }) => ctx.services.evaluation.createJudge(ctx.project.id, input.judge, ctx.user.id)),
  updateJudge: mlLeadProcedure
    .input(updateJudgeInput)
    .mutation(({ ctx, input: { judgeConfigId, ...change } }) =>
      ctx.services.evaluation.updateJudge(ctx.project.id, judgeConfigId, change, ctx.user.id),
    ),
  startBackfill: mlLeadProcedure
    .input(startBackfillInput)
    .mutation(({ ctx, input }) =>
      ctx.services.evaluation.startBackfill(ctx.project.id, input.judgeConfigId, input.from, input.to, ctx.user.id),
    ),
  backfill: viewerProcedure
    .input(backfillIdInput)
    .query(({ ctx, input }) => ctx.services.evaluation.backfillProgress(ctx.project.id, input.backfillId)),
});
