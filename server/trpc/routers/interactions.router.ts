import { getInteractionInput, listInteractionsInput } from "../../modules/interactions/interactions.schema";
import { router, viewerProcedure } from "../init";

export const interactionsRouter = router({
  list: viewerProcedure
    .input(listInteractionsInput)
    .query(({ ctx, input }) => ctx.services.interactions.list(ctx.project.id, input)),
  facets: viewerProcedure.query(({ ctx }) => ctx.services.interactions.facets(ctx.project.id)),
  get: viewerProcedure
    .input(getInteractionInput)
    .query(({ ctx, input }) => ctx.services.interactions.get(ctx.project.id, input.interactionId)),
});
