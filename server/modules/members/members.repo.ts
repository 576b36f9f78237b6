import type { Db } from "../../db";
import type { Executor } from "../../db/unit-of-work";
import type { ProjectRole } from "../auth/roles";

export function createMembersRepo(db: Db) {
  return {
    async list(projectId: string) {
      const rows = await db.membership.findMany({
        where: { projectId },
        orderBy: { createdAt: "asc" },
        select: { role: true, createdAt: true, user: { select: { id: true, email: true, name: true } } },
      });
      return rows.map((r) => ({
        userId: r.user.id,
        email: r.user.email,
        name: r.user.name,
        role: r.role,
        since: r.createdAt,
      }));
    },

    listPendingInvites(projectId: string, now: Date) {
      return db.invite.findMany({
        where: { projectId, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
        orderBy: { createdAt: "desc" },
        select: { id: true, email: true, role: true, expiresAt: true, createdAt: true },
      });
    },

    async isMemberByEmail(projectId: string, email: string) {
      const count = await db.membership.count({ where: { projectId, user: { email } } });
      return count > 0;
    },

    createInvite(
      tx: Executor,
      input: {
        projectId: string;
        email: string;
        role: ProjectRole;
        tokenHash: string;
        expiresAt: Date;
        actorId: string;
        queueIds: string[];
      },
    ) {
      return tx.invite.create({
        data: {
          projectId: input.projectId,
          email: input.email,
          role: input.role,
          tokenHash: input.tokenHash,
          expiresAt: input.expiresAt,
          createdById: input.actorId,
          queueIds: input.queueIds,
        },
        select: { id: true, email: true, role: true, expiresAt: true, queueIds: true },
      });
    },

    findInviteByHash(tokenHash: string) {
      return db.invite.findUnique({
        where: { tokenHash },
        select: {
          id: true,
          projectId: true,
          email: true,
          role: true,
          expiresAt: true,
          acceptedAt: true,
          revokedAt: true,
          queueIds: true,
          project: { select: { name: true } },
        },
      });
    },

    findUserByEmail(email: string) {
      return db.user.findUnique({ where: { email }, select: { id: true, passwordHash: true } });
    },

    /** Labeling queues of the project among these ids (an invite may assign only its own project's). */
    async projectQueueIds(projectId: string, ids: string[]) {
      if (ids.length === 0) return [];
      const rows = await db.labelQueue.findMany({
        where: { projectId, id: { in: ids }, source: { not: "calibration" } },
        select: { id: true },
      });
      return rows.map((r) => r.id);
    },

    /** Marks an open invite used; false when it was used or revoked meanwhile (a link works once). */
    async claimInvite(tx: Executor, inviteId: string, now: Date): Promise<boolean> {
      const claimed = await tx.invite.updateMany({
        where: { id: inviteId, acceptedAt: null, revokedAt: null },
        data: { acceptedAt: now },
      });
      return claimed.count === 1;
    },

    createUser: (tx: Executor, user: { email: string; name: string | null; passwordHash: string }) =>
      tx.user.create({ data: user, select: { id: true } }),

    userByEmail: (tx: Executor, email: string) => tx.user.findUnique({ where: { email }, select: { id: true } }),

    async grantRole(tx: Executor, projectId: string, userId: string, role: ProjectRole) {
      await tx.membership.upsert({
        where: { projectId_userId: { projectId, userId } },
        create: { projectId, userId, role },
        update: { role },
      });
    },

    /** Assigns the user to those of these queues that still exist in the project. */
    async assignQueues(tx: Executor, projectId: string, userId: string, queueIds: string[]) {
      if (queueIds.length === 0) return;
      const queues = await tx.labelQueue.findMany({ where: { projectId, id: { in: queueIds } }, select: { id: true } });
      await tx.labelQueueAssignee.createMany({
        data: queues.map((q) => ({ queueId: q.id, userId, projectId })),
        skipDuplicates: true,
      });
    },

    /** False when the invite is not this project's, or was used or revoked already. */
    async revokeInvite(tx: Executor, projectId: string, inviteId: string, now: Date): Promise<boolean> {
      const res = await tx.invite.updateMany({
        where: { id: inviteId, projectId, acceptedAt: null, revokedAt: null },
        data: { revokedAt: now },
      });
      return res.count === 1;
    },

    membership: (tx: Executor, projectId: string, userId: string) =>
      tx.membership.findUnique({
        where: { projectId_userId: { projectId, userId } },
        select: { role: true, user: { select: { email: true } } },
      }),

    isInstanceAdmin: async (tx: Executor, userId: string) =>
      (await tx.user.findUnique({ where: { id: userId }, select: { isInstanceAdmin: true } }))?.isInstanceAdmin ===
      true,

    otherAdmins: (tx: Executor, projectId: string, userId: string) =>
      tx.membership.count({ where: { projectId, role: "admin", userId: { not: userId } } }),

    async setRole(tx: Executor, projectId: string, userId: string, role: ProjectRole) {
      await tx.membership.update({ where: { projectId_userId: { projectId, userId } }, data: { role } });
    },

    async removeMembership(tx: Executor, projectId: string, userId: string) {
      await tx.membership.delete({ where: { projectId_userId: { projectId, userId } } });
    },
  };
}
export type MembersRepo = ReturnType<typeof createMembersRepo>;
