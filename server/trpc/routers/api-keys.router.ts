import { createApiKeyInput, revokeApiKeyInput } from "../../modules/api-keys/api-keys.schema";
import { adminProcedure, router } from "../init";

export const apiKeysRouter = router({
  list: adminProcedure.query(({ ctx }) => ctx.services.apiKeys.list(ctx.project.id)),
  create: adminProcedure
    .input(createApiKeyInput)
    .mutation(({ ctx, input }) => ctx.services.apiKeys.create(ctx.project.id, input, ctx.user.id)),
  revoke: adminProcedure
    .input(revokeApiKeyInput)
    .mutation(({ ctx, input }) => ctx.services.apiKeys.revoke(ctx.project.id, input.apiKeyId, ctx.user.id)),
});
