import type { Db } from "../../db";
import { DomainError } from "../../errors";
import { insertAudit } from "../audit/audit.repo";

export function createUsersRepo(db: Db) {
  return {
    list() {
      return db.user.findMany({
        orderBy: { createdAt: "asc" },
        select: { id: true, email: true, name: true, isInstanceAdmin: true, createdAt: true },
      });
    },

    setInstanceAdmin(userId: string, isInstanceAdmin: boolean, actorId: string) {
      return db.$transaction(async (tx) => {
        const user = await tx.user.findUnique({
          where: { id: userId },
          select: { email: true, isInstanceAdmin: true },
        });
        if (!user) throw new DomainError("NOT_FOUND", "User not found");
        if (user.isInstanceAdmin && !isInstanceAdmin) {
          const others = await tx.user.count({ where: { isInstanceAdmin: true, id: { not: userId } } });
          if (others === 0) throw new DomainError("INVALID_STATE", "The instance needs at least one instance admin");
        }
        await tx.user.update({ where: { id: userId }, data: { isInstanceAdmin } });
        await insertAudit(tx, {
          projectId: null,
          actorId,
          action: isInstanceAdmin ? "instance_admin.grant" : "instance_admin.revoke",
          targetType: "user",
          targetId: userId,
          detail: { email: user.email },
        });
      });
    },
  };
}
