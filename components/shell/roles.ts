import type { ProjectRole } from "@/server/modules/auth/roles";

export const ROLE_LABELS: Record<ProjectRole, string> = {
  viewer: "Viewer (PM)",
  labeler: "Labeler (SME)",
  ml_lead: "ML lead",
  admin: "Admin",
};

export const ROLE_OPTIONS = Object.keys(ROLE_LABELS) as ProjectRole[];

/** Mirrors the server's ordering for hiding navigation; the server still checks every call. */
export function canSee(role: ProjectRole, minimum: ProjectRole): boolean {
  return ROLE_OPTIONS.indexOf(role) >= ROLE_OPTIONS.indexOf(minimum);
}
