import { updateSettingsInput } from "../../modules/settings/settings.schema";
import { adminProcedure, router, viewerProcedure } from "../init";

export const settingsRouter = router({
  get: viewerProcedure.query(({ ctx }) => ctx.services.settings.describe(ctx.project.id)),
  update: adminProcedure
    .input(updateSettingsInput)
    .mutation(({ ctx, input }) => ctx.services.settings.update(ctx.project.id, input.settings, ctx.user.id)),
});
