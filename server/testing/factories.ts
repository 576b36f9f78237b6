import type { CreateAlertRuleInput } from "../modules/alerts/alerts.schema";
import { randomBytes } from "node:crypto";
import type { Db } from "../db";
import { hashPassword } from "../modules/auth/password";
import type { ProjectRole } from "../modules/auth/roles";
import { STANDARD_SETTINGS } from "../modules/settings/settings-profiles";

// Shared by integration tests and e2e seeding. Each call makes new rows with unique names, so tests never
// depend on one another's data.

const unique = () => randomBytes(4).toString("hex");

// Hashing is slow on purpose (bcrypt); factories reuse one hash for the default password.
export const DEFAULT_TEST_PASSWORD = "correct horse battery";
let defaultHash: Promise<string> | undefined;

export async function createUser(
  db: Db,
  opts: { email?: string; password?: string; isInstanceAdmin?: boolean; name?: string } = {},
) {
  const passwordHash = opts.password
    ? await hashPassword(opts.password)
    : await (defaultHash ??= hashPassword(DEFAULT_TEST_PASSWORD));
  return db.user.create({
    data: {
      email: opts.email ?? `user-${unique()}@example.test`,
      name: opts.name ?? null,
      passwordHash,
      isInstanceAdmin: opts.isInstanceAdmin ?? false,
    },
    select: { id: true, email: true },
  });
}

export async function createProject(
  db: Db,
  opts: { name?: string; members?: Array<{ userId: string; role: ProjectRole }> } = {},
) {
  return db.project.create({
    data: {
      name: opts.name ?? `Project ${unique()}`,
      settings: { create: { data: STANDARD_SETTINGS } },
      memberships: { create: opts.members ?? [] },
    },
    select: { id: true, name: true },
  });
}

export async function addMember(db: Db, projectId: string, userId: string, role: ProjectRole) {
  await db.membership.create({ data: { projectId, userId, role } });
}

/** A threshold alert rule on the pass rate (the fields the other methods need filled with their defaults). */
export function thresholdRule(name: string, over: Partial<CreateAlertRuleInput> = {}): CreateAlertRuleInput {
  return {
    name,
    metric: "pass_rate",
    method: "threshold",
    alertAt: 0.7,
    warnAt: 0.8,
    windowSeconds: 3600,
    minSamples: 50,
    lambda: 0.2,
    L: 3,
    k: 0.5,
    h: 5,
    ...over,
  };
}
