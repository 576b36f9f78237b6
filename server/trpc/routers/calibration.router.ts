import {
  calibrationIdInput,
  closeCalibrationInput,
  createCalibrationInput,
} from "../../modules/labeling/labeling.schema";
import { mlLeadProcedure, router } from "../init";

export const calibrationRouter = router({
  list: mlLeadProcedure.query(({ ctx }) => ctx.services.calibration.list(ctx.project.id)),
  get: mlLeadProcedure
    .input(calibrationIdInput)
    .query(({ ctx, input }) => ctx.services.calibration.get(ctx.project.id, input.sessionId)),
  create: mlLeadProcedure
    .input(createCalibrationInput)
    .mutation(({ ctx, input }) => ctx.services.calibration.create(ctx.project.id, input, ctx.user.id)),
  startReview: mlLeadProcedure
    .input(calibrationIdInput)
    .mutation(({ ctx, input }) => ctx.services.calibration.startReview(ctx.project.id, input.sessionId)),
  close: mlLeadProcedure
    .input(closeCalibrationInput)
    .mutation(({ ctx, input }) =>
      ctx.services.calibration.close(
        ctx.project.id,
        input.sessionId,
        input.rubricNote,
        input.newRubricVersion,
        ctx.user.id,
      ),
    ),
});
