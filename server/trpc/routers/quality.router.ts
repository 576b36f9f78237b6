import { overviewInput } from "../../modules/quality/quality.schema";
import { router, viewerProcedure } from "../init";

export const qualityRouter = router({
  overview: viewerProcedure
    .input(overviewInput)
    .query(({ ctx, input }) => ctx.services.quality.overview(ctx.project.id, input.range, input.at)),
});
