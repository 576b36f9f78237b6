import { createModelVersionInput, modelVersionIdInput, setModelStatusInput } from "../../modules/models/models.schema";
import { adminProcedure, mlLeadProcedure, router, viewerProcedure } from "../init";

export const modelsRouter = router({
  list: viewerProcedure.query(({ ctx }) => ctx.services.models.list(ctx.project.id)),
  presets: viewerProcedure.query(({ ctx }) => ctx.services.models.presets()),
  create: adminProcedure
    .input(createModelVersionInput)
    .mutation(({ ctx, input }) => ctx.services.models.create(ctx.project.id, input, ctx.user.id)),
  // ML leads put candidates into shadow, test and retire them; registering an endpoint (with its key) is an admin's.
  test: mlLeadProcedure
    .input(modelVersionIdInput)
    .mutation(({ ctx, input }) => ctx.services.models.test(ctx.project.id, input.modelVersionId)),
  setStatus: mlLeadProcedure
    .input(setModelStatusInput)
    .mutation(({ ctx, input }) =>
      ctx.services.models.setStatus(
        ctx.project.id,
        input.modelVersionId,
        input.status,
        input.mirrorFraction,
        ctx.user.id,
      ),
    ),
});
