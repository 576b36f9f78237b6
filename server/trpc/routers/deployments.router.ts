import { roleAtLeast } from "../../modules/auth/roles";
import {
  createModelVersionInput,
  modelVersionIdInput,
  setModelStatusInput,
} from "../../modules/deployments/deployments.schema";
import { adminProcedure, mlLeadProcedure, router, viewerProcedure } from "../init";

export const deploymentsRouter = router({
  list: viewerProcedure.query(({ ctx }) =>
    ctx.services.deployments.list(ctx.project.id, { endpoints: roleAtLeast(ctx.role, "ml_lead") }),
  ),
  presets: viewerProcedure.query(({ ctx }) => ctx.services.deployments.presets()),
  create: adminProcedure
    .input(createModelVersionInput)
    .mutation(({ ctx, input }) => ctx.services.deployments.create(ctx.project.id, input, ctx.user.id)),
  // ML leads put candidates into shadow, test and retire them; registering an endpoint (with its key) is an admin's.
  test: mlLeadProcedure
    .input(modelVersionIdInput)
    .mutation(({ ctx, input }) => ctx.services.deployments.test(ctx.project.id, input.modelVersionId)),
  setStatus: mlLeadProcedure
    .input(setModelStatusInput)
    .mutation(({ ctx, input }) =>
      ctx.services.deployments.setStatus(
        ctx.project.id,
        input.modelVersionId,
        input.status,
        input.mirrorFraction,
        ctx.user.id,
      ),
    ),
});
