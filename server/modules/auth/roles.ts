// Project roles in one ordered list, least to most privileged: each role can do everything the ones before it can.
export const ROLES = ["viewer", "labeler", "ml_lead", "admin"] as const;
export type ProjectRole = (typeof ROLES)[number];

export function roleRank(role: ProjectRole): number {
  return ROLES.indexOf(role);
}

export function roleAtLeast(role: ProjectRole, minimum: ProjectRole): boolean {
  return roleRank(role) >= roleRank(minimum);
}
