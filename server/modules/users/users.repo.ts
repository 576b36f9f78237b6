import type { Db } from "../../db";
import type { Executor } from "../../db/unit-of-work";

export function createUsersRepo(db: Db) {
  return {
    list() {
      return db.user.findMany({
        orderBy: { createdAt: "asc" },
        select: { id: true, email: true, name: true, isInstanceAdmin: true, createdAt: true },
      });
    },

    find: (tx: Executor, userId: string) =>
      tx.user.findUnique({ where: { id: userId }, select: { email: true, isInstanceAdmin: true } }),

    countOtherInstanceAdmins: (tx: Executor, userId: string) =>
      tx.user.count({ where: { isInstanceAdmin: true, id: { not: userId } } }),

    async setInstanceAdmin(tx: Executor, userId: string, isInstanceAdmin: boolean) {
      await tx.user.update({ where: { id: userId }, data: { isInstanceAdmin } });
    },
  };
}
export type UsersRepo = ReturnType<typeof createUsersRepo>;
