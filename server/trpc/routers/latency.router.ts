import { router, viewerProcedure } from "../init";

export const latencyRouter = router({
  overview: viewerProcedure.query(({ ctx }) => ctx.services.latency.overview(ctx.project.id)),
  loopHealth: viewerProcedure.query(({ ctx }) => ctx.services.latency.loopHealth(ctx.project.id)),
});
