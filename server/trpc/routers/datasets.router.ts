import { buildDatasetInput, datasetIdInput, exportDatasetInput } from "../../modules/datasets/datasets.schema";
import { mlLeadProcedure, router, viewerProcedure } from "../init";

export const datasetsRouter = router({
  list: viewerProcedure.query(({ ctx }) => ctx.services.datasets.list(ctx.project.id)),
  // Rows hold users' prompts and corrections: previews and exports are for ML leads.
  preview: mlLeadProcedure
    .input(datasetIdInput)
    .query(({ ctx, input }) => ctx.services.datasets.preview(ctx.project.id, input.datasetId)),
  build: mlLeadProcedure
    .input(buildDatasetInput)
    .mutation(({ ctx, input }) => ctx.services.datasets.buildFromIncident(ctx.project.id, input, ctx.user.id)),
  export: mlLeadProcedure
    .input(exportDatasetInput)
    .mutation(({ ctx, input }) =>
      ctx.services.datasets.export(ctx.project.id, input.datasetId, input.format, input.split),
    ),
});
