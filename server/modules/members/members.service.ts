import { randomToken, sha256Hex } from "../../crypto/tokens";
import { DomainError } from "../../errors";
import { hashPassword, verifyPassword } from "../auth/password";
import type { ProjectRole } from "../auth/roles";
import type { SettingsService } from "../settings/settings.service";
import type { AcceptInviteInput, InviteMemberInput } from "./members.schema";
import type { MembersRepo } from "./members.repo";

const INVALID_INVITE = "This invite link is invalid or has expired";

export function createMembersService({
  repo,
  settings,
  now,
}: {
  repo: MembersRepo;
  settings: SettingsService;
  now: () => Date;
}) {
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
      const invite = await repo.createInvite({
        projectId,
        email: input.email,
        role: input.role,
        tokenHash: sha256Hex(token),
        expiresAt: new Date(now().getTime() + access.inviteTtlSeconds * 1000),
        actorId,
        queueIds,
      });
      return { ...invite, token, path: `/invite/${token}` };
    },

    async describeInvite(token: string) {
      const invite = await openInvite(token);
      const existing = await repo.findUserByEmail(invite.email);
      return {
        projectName: invite.project.name,
        email: invite.email,
        role: invite.role,
        hasAccount: existing !== null,
      };
    },

    /** New e-mail: creates the account with this password. Existing account: the password must be theirs. */
    async acceptInvite(input: AcceptInviteInput) {
      const invite = await openInvite(input.token);
      const existing = await repo.findUserByEmail(invite.email);
      if (existing) {
        const ok = existing.passwordHash ? await verifyPassword(input.password, existing.passwordHash) : false;
        if (!ok)
          throw new DomainError("UNAUTHORIZED", "That is not the password of the existing account for this e-mail");
      }
      await repo.acceptInvite({
        inviteId: invite.id,
        projectId: invite.projectId,
        email: invite.email,
        role: invite.role,
        now: now(),
        newUser: existing
          ? undefined
          : { name: input.name?.trim() || null, passwordHash: await hashPassword(input.password) },
        queueIds: invite.queueIds,
      });
      return { email: invite.email, projectId: invite.projectId };
    },

    revokeInvite: (projectId: string, inviteId: string, actorId: string) =>
      repo.revokeInvite(projectId, inviteId, actorId, now()),
    changeRole: (projectId: string, userId: string, role: ProjectRole, actorId: string) =>
      repo.changeRole(projectId, userId, role, actorId),
    remove: (projectId: string, userId: string, actorId: string) => repo.remove(projectId, userId, actorId),
  };
}
