import { randomToken, sha256Hex } from "../../crypto/tokens";
import { DomainError } from "../../errors";
import type { AuthService } from "../auth/auth.service";
import { hashPassword } from "../auth/password";
import type { ProjectRole } from "../auth/roles";
import type { SettingsService } from "../settings/settings.service";
import type { AcceptInviteInput, InviteMemberInput } from "./members.schema";
import type { Executor, UnitOfWork } from "../../db/unit-of-work";
import type { AuditRepo } from "../audit/audit.repo";
import type { MembersRepo } from "./members.repo";

const INVALID_INVITE = "This invite link is invalid or has expired";

export function createMembersService({
  repo,
  settings,
  audit,
  uow,
  passwords,
  now,
}: {
  repo: MembersRepo;
  /** The auth service's throttled password check. */
  passwords: Pick<AuthService, "checkAccountPassword">;
  settings: SettingsService;
  audit: Pick<AuditRepo, "insert">;
  uow: UnitOfWork;
  now: () => Date;
}) {
  /** A project keeps at least one admin. */
  async function keepAnAdmin(tx: Executor, projectId: string, userId: string) {
    if ((await repo.otherAdmins(tx, projectId, userId)) === 0) {
      throw new DomainError("INVALID_STATE", "A project needs at least one admin");
    }
  }

  /** Only an instance admin removes or demotes an instance admin: a project admin cannot lock them out. */
  async function protectInstanceAdmin(tx: Executor, userId: string, actorId: string) {
    if (userId !== actorId && (await repo.isInstanceAdmin(tx, userId)) && !(await repo.isInstanceAdmin(tx, actorId))) {
      throw new DomainError("FORBIDDEN", "Only an instance admin can remove or demote an instance admin");
    }
  }

  async function openInvite(token: string) {
    const invite = await repo.findInviteByHash(sha256Hex(token));
    if (!invite || invite.acceptedAt || invite.revokedAt || invite.expiresAt <= now()) {
      throw new DomainError("NOT_FOUND", INVALID_INVITE);
    }
    return invite;
  }

  return {
    list: repo.list,
    listInvites: (projectId: string) => repo.listPendingInvites(projectId, now()),

    /** Returns the one-time token; only its hash is stored, so the link cannot be shown again. */
    async invite(projectId: string, input: InviteMemberInput, actorId: string) {
      if (await repo.isMemberByEmail(projectId, input.email)) {
        throw new DomainError("CONFLICT", `${input.email} is already a member of this project`);
      }
      const { access } = await settings.get(projectId);
      // Viewers do not label; other roles may be assigned queues of this project (only these).
      const queueIds = input.role === "viewer" ? [] : [...new Set(input.queueIds ?? [])];
      const known = await repo.projectQueueIds(projectId, queueIds);
      if (known.length !== queueIds.length) throw new DomainError("NOT_FOUND", "Queue not found");
      const token = randomToken(32);
      const invite = await uow(async (tx) => {
        const row = await repo.createInvite(tx, {
          projectId,
          email: input.email,
          role: input.role,
          tokenHash: sha256Hex(token),
          expiresAt: new Date(now().getTime() + access.inviteTtlSeconds * 1000),
          actorId,
          queueIds,
        });
        await audit.insert(tx, {
          projectId,
          actorId,
          action: "member.invite",
          targetType: "invite",
          targetId: row.id,
          detail: { email: input.email, role: input.role, queueIds },
        });
        return row;
      });
      return { ...invite, token, path: `/invite/${token}` };
    },

    async describeInvite(token: string) {
      const invite = await openInvite(token);
      // Not whether the e-mail has an account: whoever can invite could otherwise probe any address.
      return { projectName: invite.project.name, email: invite.email, role: invite.role };
    },

    /**
     * New e-mail: creates the account with this password. Existing account: the password must be theirs, checked
     * under the sign-in throttle (an invite is no way around it).
     */
    async acceptInvite(input: AcceptInviteInput, ip: string | null) {
      const invite = await openInvite(input.token);
      const existing = await repo.findUserByEmail(invite.email);
      if (
        existing &&
        !(await passwords.checkAccountPassword(invite.email, existing.passwordHash, input.password, ip))
      ) {
        throw new DomainError(
          "UNAUTHORIZED",
          "That password does not match. If this e-mail already has an account, use the password you sign in with.",
        );
      }
      const newUser = existing
        ? null
        : { email: invite.email, name: input.name?.trim() || null, passwordHash: await hashPassword(input.password) };
      // One transaction: the link works once, and the account, role, queues and audit row exist together or not at all.
      await uow(async (tx) => {
        if (!(await repo.claimInvite(tx, invite.id, now()))) throw new DomainError("NOT_FOUND", INVALID_INVITE);
        const user = newUser ? await repo.createUser(tx, newUser) : await repo.userByEmail(tx, invite.email);
        if (!user) throw new DomainError("NOT_FOUND", INVALID_INVITE);
        await repo.grantRole(tx, invite.projectId, user.id, invite.role);
        await repo.assignQueues(tx, invite.projectId, user.id, invite.queueIds);
        await audit.insert(tx, {
          projectId: invite.projectId,
          actorId: user.id,
          action: "member.join",
          targetType: "user",
          targetId: user.id,
          detail: { email: invite.email, role: invite.role },
        });
      });
      return { email: invite.email, projectId: invite.projectId };
    },

    revokeInvite: (projectId: string, inviteId: string, actorId: string) =>
      uow(async (tx) => {
        if (!(await repo.revokeInvite(tx, projectId, inviteId, now()))) {
          throw new DomainError("NOT_FOUND", "Invite not found or already used");
        }
        await audit.insert(tx, {
          projectId,
          actorId,
          action: "member.invite_revoke",
          targetType: "invite",
          targetId: inviteId,
        });
      }),

    changeRole: (projectId: string, userId: string, role: ProjectRole, actorId: string) =>
      uow(async (tx) => {
        const current = await repo.membership(tx, projectId, userId);
        if (!current) throw new DomainError("NOT_FOUND", "Member not found");
        if (current.role === "admin" && role !== "admin") await keepAnAdmin(tx, projectId, userId);
        if (role !== "admin") await protectInstanceAdmin(tx, userId, actorId);
        await repo.setRole(tx, projectId, userId, role);
        await audit.insert(tx, {
          projectId,
          actorId,
          action: "member.role_change",
          targetType: "user",
          targetId: userId,
          detail: { from: current.role, to: role },
        });
      }),

    remove: (projectId: string, userId: string, actorId: string) =>
      uow(async (tx) => {
        const current = await repo.membership(tx, projectId, userId);
        if (!current) throw new DomainError("NOT_FOUND", "Member not found");
        if (current.role === "admin") await keepAnAdmin(tx, projectId, userId);
        await protectInstanceAdmin(tx, userId, actorId);
        await repo.removeMembership(tx, projectId, userId);
        await audit.insert(tx, {
          projectId,
          actorId,
          action: "member.remove",
          targetType: "user",
          targetId: userId,
          detail: { email: current.user.email, role: current.role },
        });
      }),
  };
}
