// Fresh objects for the authorization matrix's inputs: each call builds its own, so destructive calls (remove a
// member, dismiss an incident) always have something to act on.
import type { ProjectRole } from "../modules/auth/roles";
import { addMember, createUser } from "../testing/factories";
import type { Fixture } from "./authz-matrix.types";

export async function freshMember(fx: Fixture, role: ProjectRole = "viewer") {
  const user = await createUser(fx.db);
  await addMember(fx.db, fx.projectId, user.id, role);
  return user.id;
}

export async function freshInviteToken(fx: Fixture) {
  const invite = await fx.services.members.invite(
    fx.projectId,
    { email: `invitee-${crypto.randomUUID()}@example.test`, role: "labeler" },
    fx.adminId,
  );
  return invite.token;
}

export const RUBRIC = {
  criteria: [{ name: "Correct", description: "The answer is right.", scale: "pass_fail" as const }],
  failureCategories: ["incorrect"],
  examples: [],
};

export function freshRubric(fx: Fixture) {
  return fx.services.evaluation.createRubric(fx.projectId, `rubric-${crypto.randomUUID()}`, RUBRIC, fx.adminId);
}

export async function freshJudge(fx: Fixture) {
  const rubric = await freshRubric(fx);
  return fx.services.evaluation.createJudge(
    fx.projectId,
    {
      provider: "simulated",
      name: `judge-${crypto.randomUUID()}`,
      rubricVersionId: rubric.versionId,
      sampleRate: 1,
      filters: {},
      noise: 0.1,
    },
    fx.adminId,
  );
}

export const ALERT_RULE = {
  metric: "pass_rate" as const,
  method: "threshold" as const,
  alertAt: 0.7,
  windowSeconds: 3600,
  lambda: 0.2,
  L: 3,
  k: 0.5,
  h: 5,
  minSamples: 20,
};

export function freshRule(fx: Fixture) {
  return fx.services.alerts.createRule(
    fx.projectId,
    { ...ALERT_RULE, name: `rule-${crypto.randomUUID()}` },
    fx.adminId,
  );
}
