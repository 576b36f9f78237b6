import { signalsOverviewInput } from "../../modules/signals/signals.schema";
import { router, viewerProcedure } from "../init";

export const signalsRouter = router({
  overview: viewerProcedure
    .input(signalsOverviewInput)
    .query(({ ctx, input }) => ctx.services.signals.overview(ctx.project.id, input.range)),
});
