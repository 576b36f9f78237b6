import { setInstanceAdminInput } from "../../modules/users/users.schema";
import { instanceAdminProcedure, router } from "../init";

export const usersRouter = router({
  list: instanceAdminProcedure.query(({ ctx }) => ctx.services.users.list()),
  setInstanceAdmin: instanceAdminProcedure
    .input(setInstanceAdminInput)
    .mutation(({ ctx, input }) =>
      ctx.services.users.setInstanceAdmin(input.userId, input.isInstanceAdmin, ctx.user.id),
    ),
});
