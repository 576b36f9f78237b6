import { dismissIncidentInput } from "../../modules/patterns/patterns.schema";
import { mlLeadProcedure, router, viewerProcedure } from "../init";

export const patternsRouter = router({
  list: viewerProcedure.query(({ ctx }) => ctx.services.patterns.patterns(ctx.project.id)),
  scanStatus: viewerProcedure.query(({ ctx }) => ctx.services.patterns.scanStatus(ctx.project.id)),
  incidents: viewerProcedure.query(({ ctx }) => ctx.services.patterns.incidents(ctx.project.id)),
  scanNow: mlLeadProcedure.mutation(({ ctx }) => ctx.services.patterns.scan(ctx.project.id, { force: true })),
  dismiss: mlLeadProcedure
    .input(dismissIncidentInput)
    .mutation(({ ctx, input }) =>
      ctx.services.patterns.dismiss(ctx.project.id, input.incidentId, input.reason, ctx.user.id),
    ),
});
