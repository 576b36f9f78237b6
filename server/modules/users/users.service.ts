import type { UnitOfWork } from "../../db/unit-of-work";
import { DomainError } from "../../errors";
import type { AuditRepo } from "../audit/audit.repo";
import type { UsersRepo } from "./users.repo";

export function createUsersService({
  repo,
  audit,
  uow,
}: {
  repo: UsersRepo;
  audit: Pick<AuditRepo, "insert">;
  uow: UnitOfWork;
}) {
  return {
    list: repo.list,

    /** Grants or revokes instance admin; the instance always keeps at least one. */
    setInstanceAdmin: (userId: string, isInstanceAdmin: boolean, actorId: string) =>
      uow(async (tx) => {
        const user = await repo.find(tx, userId);
        if (!user) throw new DomainError("NOT_FOUND", "User not found");
        if (user.isInstanceAdmin && !isInstanceAdmin && (await repo.countOtherInstanceAdmins(tx, userId)) === 0) {
          throw new DomainError("INVALID_STATE", "The instance needs at least one instance admin");
        }
        await repo.setInstanceAdmin(tx, userId, isInstanceAdmin);
        await audit.insert(tx, {
          projectId: null,
          actorId,
          action: isInstanceAdmin ? "instance_admin.grant" : "instance_admin.revoke",
          targetType: "user",
          targetId: userId,
          detail: { email: user.email },
        });
      }),
  };
}
