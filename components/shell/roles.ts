import { ROLES, roleAtLeast, type ProjectRole } from "@/server/modules/auth/roles";

export const ROLE_LABELS: Record<ProjectRole, string> = {
  viewer: "Viewer (PM)",
  labeler: "Labeler (SME)",
  ml_lead: "ML lead",
  admin: "Admin",
};

/** The roles in the server's order, least to most privileged. */
export const ROLE_OPTIONS: readonly ProjectRole[] = ROLES;

/** The server's own ordering, for hiding navigation; the server still checks every call. */
export const canSee = (role: ProjectRole, minimum: ProjectRole): boolean => roleAtLeast(role, minimum);
