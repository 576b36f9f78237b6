import { acceptInviteInput, inviteTokenInput } from "../../modules/members/members.schema";
import { publicProcedure, router } from "../init";

// Public by design: the one-time token in the link is the credential.
export const invitesRouter = router({
  describe: publicProcedure
    .input(inviteTokenInput)
    .query(({ ctx, input }) => ctx.services.members.describeInvite(input.token)),
  accept: publicProcedure
    .input(acceptInviteInput)
    .mutation(({ ctx, input }) => ctx.services.members.acceptInvite(input, ctx.ip)),
});
