import {
  changeRoleInput,
  inviteMemberInput,
  removeMemberInput,
  revokeInviteInput,
} from "../../modules/members/members.schema";
import { adminProcedure, router } from "../init";

export const membersRouter = router({
  list: adminProcedure.query(({ ctx }) => ctx.services.members.list(ctx.project.id)),
  listInvites: adminProcedure.query(({ ctx }) => ctx.services.members.listInvites(ctx.project.id)),
  invite: adminProcedure
    .input(inviteMemberInput)
    .mutation(({ ctx, input }) => ctx.services.members.invite(ctx.project.id, input, ctx.user.id)),
  revokeInvite: adminProcedure
    .input(revokeInviteInput)
    .mutation(({ ctx, input }) => ctx.services.members.revokeInvite(ctx.project.id, input.inviteId, ctx.user.id)),
  changeRole: adminProcedure
    .input(changeRoleInput)
    .mutation(({ ctx, input }) =>
      ctx.services.members.changeRole(ctx.project.id, input.userId, input.role, ctx.user.id),
    ),
  remove: adminProcedure
    .input(removeMemberInput)
    .mutation(({ ctx, input }) => ctx.services.members.remove(ctx.project.id, input.userId, ctx.user.id)),
});
