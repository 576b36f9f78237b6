import { z } from "zod";
import { passwordInput } from "../auth/password";
import { ROLES } from "../auth/roles";

const roleInput = z.enum(ROLES);
const emailInput = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email("Enter a valid e-mail address").max(254, "Use at most 254 characters"));

export const inviteMemberInput = z.object({
  email: emailInput,
  role: roleInput,
  /** Labeling queues the new member is assigned to when they join (not for viewers). */
  queueIds: z.array(z.string().min(1).max(64)).max(50).default([]),
});
export const changeRoleInput = z.object({ userId: z.string().min(1), role: roleInput });
export const removeMemberInput = z.object({ userId: z.string().min(1) });
export const revokeInviteInput = z.object({ inviteId: z.string().min(1) });
export const inviteTokenInput = z.object({ token: z.string().min(20).max(200) });
export const acceptInviteInput = z.object({
  token: z.string().min(20).max(200),
  name: z.string().trim().max(100).optional(),
  password: passwordInput,
});
/** As callers may write it: `queueIds` is optional. */
export type InviteMemberInput = z.input<typeof inviteMemberInput>;
export type AcceptInviteInput = z.infer<typeof acceptInviteInput>;
