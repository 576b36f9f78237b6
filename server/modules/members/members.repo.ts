import type { Db } from "../../db";
import type { DbOrTx } from "../../db/types";
import { DomainError } from "../../errors";
import { insertAudit } from "../audit/audit.repo";
import type { ProjectRole } from "../auth/roles";

async function assertAnotherAdminRemains(tx: DbOrTx, projectId: string, userId: string) {
  const others = await tx.membership.count({ where: { projectId, role: "admin", userId: { not: userId } } });
  if (others === 0) throw new DomainError("INVALID_STATE", "A project needs at least one admin");
}

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

    createInvite(input: {
      projectId: string;
      email: string;
      role: ProjectRole;
      tokenHash: string;
      expiresAt: Date;
      actorId: string;
      queueIds: string[];
    }) {
      return db.$transaction(async (tx) => {
        const invite = await tx.invite.create({
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
        await insertAudit(tx, {
          projectId: input.projectId,
          actorId: input.actorId,
          action: "member.invite",
          targetType: "invite",
          targetId: invite.id,
          detail: { email: input.email, role: input.role, queueIds: input.queueIds },
        });
        return invite;
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

    /** Marks the invite used and grants the role, creating the user when new; atomic, so a link works once. */
    acceptInvite(input: {
      inviteId: string;
      projectId: string;
      email: string;
      role: ProjectRole;
      now: Date;
      newUser?: { name: string | null; passwordHash: string };
      /** Queues to assign them to (those that still exist in the project). */
      queueIds: string[];
    }) {
      return db.$transaction(async (tx) => {
        const claimed = await tx.invite.updateMany({
          where: { id: input.inviteId, acceptedAt: null, revokedAt: null },
          data: { acceptedAt: input.now },
        });
        if (claimed.count !== 1) throw new DomainError("NOT_FOUND", "This invite link is invalid or has expired");
        const user = input.newUser
          ? await tx.user.create({
              data: { email: input.email, name: input.newUser.name, passwordHash: input.newUser.passwordHash },
              select: { id: true },
            })
          : await tx.user.findUniqueOrThrow({ where: { email: input.email }, select: { id: true } });
        await tx.membership.upsert({
          where: { projectId_userId: { projectId: input.projectId, userId: user.id } },
          create: { projectId: input.projectId, userId: user.id, role: input.role },
          update: { role: input.role },
        });
        if (input.queueIds.length > 0) {
          const queues = await tx.labelQueue.findMany({
            where: { projectId: input.projectId, id: { in: input.queueIds } },
            select: { id: true },
          });
          await tx.labelQueueAssignee.createMany({
            data: queues.map((q) => ({ queueId: q.id, userId: user.id, projectId: input.projectId })),
            skipDuplicates: true,
          });
        }
        await insertAudit(tx, {
          projectId: input.projectId,
          actorId: user.id,
          action: "member.join",
          targetType: "user",
          targetId: user.id,
          detail: { email: input.email, role: input.role },
        });
        return user;
      });
    },

    revokeInvite(projectId: string, inviteId: string, actorId: string, now: Date) {
      return db.$transaction(async (tx) => {
        const res = await tx.invite.updateMany({
          where: { id: inviteId, projectId, acceptedAt: null, revokedAt: null },
          data: { revokedAt: now },
        });
        if (res.count !== 1) throw new DomainError("NOT_FOUND", "Invite not found or already used");
        await insertAudit(tx, {
          projectId,
          actorId,
          action: "member.invite_revoke",
          targetType: "invite",
          targetId: inviteId,
        });
      });
    },

    changeRole(projectId: string, userId: string, role: ProjectRole, actorId: string) {
      return db.$transaction(async (tx) => {
        const current = await tx.membership.findUnique({
          where: { projectId_userId: { projectId, userId } },
          select: { role: true },
        });
        if (!current) throw new DomainError("NOT_FOUND", "Member not found");
        if (current.role === "admin" && role !== "admin") await assertAnotherAdminRemains(tx, projectId, userId);
        await tx.membership.update({ where: { projectId_userId: { projectId, userId } }, data: { role } });
        await insertAudit(tx, {
          projectId,
          actorId,
          action: "member.role_change",
          targetType: "user",
          targetId: userId,
          detail: { from: current.role, to: role },
        });
      });
    },

    remove(projectId: string, userId: string, actorId: string) {
      return db.$transaction(async (tx) => {
        const current = await tx.membership.findUnique({
          where: { projectId_userId: { projectId, userId } },
          select: { role: true, user: { select: { email: true } } },
        });
        if (!current) throw new DomainError("NOT_FOUND", "Member not found");
        if (current.role === "admin") await assertAnotherAdminRemains(tx, projectId, userId);
        await tx.membership.delete({ where: { projectId_userId: { projectId, userId } } });
        await insertAudit(tx, {
          projectId,
          actorId,
          action: "member.remove",
          targetType: "user",
          targetId: userId,
          detail: { email: current.user.email, role: current.role },
        });
      });
    },
  };
}
export type MembersRepo = ReturnType<typeof createMembersRepo>;
