import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROLES, roleAtLeast, type ProjectRole } from "../modules/auth/roles";
import { STANDARD_SETTINGS } from "../modules/settings/settings-profiles";
import { addMember, createProject, createUser } from "../testing/factories";
import { createTestDatabase, testServices, type TestDatabase } from "../testing/test-db";
import {
  ALERT_RULE,
  freshInviteToken,
  freshJudge,
  freshMember,
  freshRubric,
  freshRule,
  RUBRIC,
} from "./authz-matrix.fixtures";
import { labelingRows } from "./authz-matrix.labeling";
import { loopRows } from "./authz-matrix.loop";
import type { Access, Fixture, Row } from "./authz-matrix.types";
import { appRouter, createCaller } from "./root";

// Every procedure of the root router, who may call it, and a valid input built fresh for each call (so that
// destructive calls such as "remove member" always have something to act on). A procedure without a row fails
// the test, so new procedures cannot ship without an authorization decision.

const MATRIX: Record<string, Row> = {
  "me.get": { access: "authed" },
  "projects.list": { access: "authed" },
  "projects.get": { access: { project: "viewer" }, input: (fx) => ({ projectId: fx.projectId }) },
  "projects.create": { access: "instanceAdmin", input: () => ({ name: "Matrix project" }) },
  "projects.all": { access: "instanceAdmin" },
  // A fresh project each time: entering the matrix's own would make the instance admin a member of it.
  "projects.enter": {
    access: "instanceAdmin",
    input: async (fx) => ({ projectId: (await createProject(fx.db)).id }),
  },
  "projects.rename": { access: { project: "admin" }, input: (fx) => ({ projectId: fx.projectId, name: "Renamed" }) },
  "members.list": { access: { project: "admin" }, input: (fx) => ({ projectId: fx.projectId }) },
  "members.listInvites": { access: { project: "admin" }, input: (fx) => ({ projectId: fx.projectId }) },
  "members.invite": {
    access: { project: "admin" },
    input: (fx) => ({ projectId: fx.projectId, email: `new-${crypto.randomUUID()}@example.test`, role: "labeler" }),
  },
  "members.revokeInvite": {
    access: { project: "admin" },
    input: async (fx) => {
      const invite = await fx.services.members.invite(
        fx.projectId,
        { email: `rv-${crypto.randomUUID()}@example.test`, role: "viewer" },
        fx.adminId,
      );
      return { projectId: fx.projectId, inviteId: invite.id };
    },
  },
  "members.changeRole": {
    access: { project: "admin" },
    input: async (fx) => ({ projectId: fx.projectId, userId: await freshMember(fx), role: "labeler" }),
  },
  "members.remove": {
    access: { project: "admin" },
    input: async (fx) => ({ projectId: fx.projectId, userId: await freshMember(fx) }),
  },
  "invites.describe": { access: "public", input: async (fx) => ({ token: await freshInviteToken(fx) }) },
  "invites.accept": {
    access: "public",
    input: async (fx) => ({ token: await freshInviteToken(fx), password: "a fine long password" }),
  },
  "apiKeys.list": { access: { project: "admin" }, input: (fx) => ({ projectId: fx.projectId }) },
  "apiKeys.create": {
    access: { project: "admin" },
    input: (fx) => ({ projectId: fx.projectId, name: "matrix key", scope: "ingest" }),
  },
  "apiKeys.revoke": {
    access: { project: "admin" },
    input: async (fx) => {
      const key = await fx.services.apiKeys.create(
        fx.projectId,
        { name: "to revoke", scope: "ingest", allowedOrigins: [] },
        fx.adminId,
      );
      return { projectId: fx.projectId, apiKeyId: key.id };
    },
  },
  "settings.get": { access: { project: "viewer" }, input: (fx) => ({ projectId: fx.projectId }) },
  "settings.update": {
    access: { project: "admin" },
    input: (fx) => ({
      projectId: fx.projectId,
      settings: { ...STANDARD_SETTINGS, signals: { ...STANDARD_SETTINGS.signals, rephraseWindowSeconds: 120 } },
    }),
  },
  "audit.list": { access: { project: "admin" }, input: (fx) => ({ projectId: fx.projectId }) },
  "users.list": { access: "instanceAdmin" },
  "interactions.list": { access: { project: "viewer" }, input: (fx) => ({ projectId: fx.projectId }) },
  "interactions.facets": { access: { project: "viewer" }, input: (fx) => ({ projectId: fx.projectId }) },
  "interactions.get": {
    access: { project: "viewer" },
    input: async (fx) => {
      const interaction = await fx.db.interaction.create({
        data: { projectId: fx.projectId, input: [{ role: "user", content: "hi" }], startedAt: new Date() },
        select: { id: true },
      });
      return { projectId: fx.projectId, interactionId: interaction.id };
    },
  },
  "deployments.list": { access: { project: "viewer" }, input: (fx) => ({ projectId: fx.projectId }) },
  "deployments.presets": { access: { project: "viewer" }, input: (fx) => ({ projectId: fx.projectId }) },
  "deployments.create": {
    access: { project: "admin" },
    input: (fx) => ({
      projectId: fx.projectId,
      name: `m-${crypto.randomUUID()}`,
      provider: "openai-compatible",
      baseUrl: "http://127.0.0.1:9/v1",
      model: "m",
    }),
  },
  "deployments.test": {
    access: { project: "ml_lead" },
    input: async (fx) => {
      const v = await fx.services.deployments.create(
        fx.projectId,
        {
          name: `t-${crypto.randomUUID()}`,
          provider: "openai-compatible",
          baseUrl: "http://127.0.0.1:9/v1",
          model: "m",
        },
        fx.adminId,
      );
      return { projectId: fx.projectId, modelVersionId: v.id };
    },
  },
  "deployments.setStatus": {
    access: { project: "ml_lead" },
    input: async (fx) => {
      await fx.services.deployments.create(
        fx.projectId,
        {
          name: `p-${crypto.randomUUID()}`,
          provider: "openai-compatible",
          baseUrl: "http://127.0.0.1:9/v1",
          model: "m",
        },
        fx.adminId,
      );
      const v = await fx.services.deployments.create(
        fx.projectId,
        {
          name: `s-${crypto.randomUUID()}`,
          provider: "openai-compatible",
          baseUrl: "http://127.0.0.1:9/v1",
          model: "m",
        },
        fx.adminId,
      );
      return { projectId: fx.projectId, modelVersionId: v.id, status: "shadow", mirrorFraction: 0.5 };
    },
  },
  "evaluation.rubrics": { access: { project: "viewer" }, input: (fx) => ({ projectId: fx.projectId }) },
  "evaluation.createRubric": {
    access: { project: "ml_lead" },
    input: (fx) => ({ projectId: fx.projectId, name: `rubric-${crypto.randomUUID()}`, ...RUBRIC }),
  },
  "evaluation.newRubricVersion": {
    access: { project: "ml_lead" },
    input: async (fx) => ({ projectId: fx.projectId, rubricId: (await freshRubric(fx)).rubricId, ...RUBRIC }),
  },
  "evaluation.judges": { access: { project: "viewer" }, input: (fx) => ({ projectId: fx.projectId }) },
  "evaluation.createJudge": {
    access: { project: "ml_lead" },
    input: async (fx) => ({
      projectId: fx.projectId,
      judge: {
        provider: "simulated",
        name: `judge-${crypto.randomUUID()}`,
        rubricVersionId: (await freshRubric(fx)).versionId,
        sampleRate: 1,
        noise: 0.1,
      },
    }),
  },
  "evaluation.updateJudge": {
    access: { project: "ml_lead" },
    input: async (fx) => ({ projectId: fx.projectId, judgeConfigId: (await freshJudge(fx)).id, enabled: false }),
  },
  "evaluation.startBackfill": {
    access: { project: "ml_lead" },
    input: async (fx) => ({
      projectId: fx.projectId,
      judgeConfigId: (await freshJudge(fx)).id,
      from: new Date(Date.now() - 3_600_000),
      to: new Date(),
    }),
  },
  "evaluation.backfill": {
    access: { project: "viewer" },
    input: async (fx) => {
      const judge = await freshJudge(fx);
      const b = await fx.services.evaluation.startBackfill(
        fx.projectId,
        judge.id,
        new Date(Date.now() - 3_600_000),
        new Date(),
        fx.adminId,
      );
      return { projectId: fx.projectId, backfillId: b.backfillId };
    },
  },
  "alerts.rules": { access: { project: "viewer" }, input: (fx) => ({ projectId: fx.projectId }) },
  "alerts.createRule": {
    access: { project: "ml_lead" },
    input: (fx) => ({ projectId: fx.projectId, ...ALERT_RULE, name: `rule-${crypto.randomUUID()}` }),
  },
  "alerts.updateRule": {
    access: { project: "ml_lead" },
    input: async (fx) => ({ projectId: fx.projectId, ruleId: (await freshRule(fx)).id, enabled: false }),
  },
  "alerts.resetBaseline": {
    access: { project: "ml_lead" },
    input: async (fx) => ({ projectId: fx.projectId, ruleId: (await freshRule(fx)).id }),
  },
  "alerts.list": { access: { project: "viewer" }, input: (fx) => ({ projectId: fx.projectId, status: "all" }) },
  "alerts.deploymentWebhook": { access: { project: "viewer" }, input: (fx) => ({ projectId: fx.projectId }) },
  "alerts.setDeploymentWebhook": {
    access: { project: "ml_lead" },
    input: (fx) => ({ projectId: fx.projectId, webhookUrl: "https://203.0.113.10/deploy" }),
  },
  "alerts.acknowledge": {
    access: { project: "ml_lead" },
    input: async (fx) => {
      const alert = await fx.db.alert.create({
        data: { projectId: fx.projectId, kind: "quality", severity: "critical", title: "matrix" },
      });
      return { projectId: fx.projectId, alertId: alert.id };
    },
  },
  "quality.overview": { access: { project: "viewer" }, input: (fx) => ({ projectId: fx.projectId, range: "7d" }) },
  "signals.overview": {
    access: { project: "viewer" },
    input: (fx) => ({ projectId: fx.projectId, range: "7d" }),
  },
  ...labelingRows(),
  ...loopRows(),
  "users.setInstanceAdmin": {
    access: "instanceAdmin",
    input: async (fx) => ({ userId: (await createUser(fx.db)).id, isInstanceAdmin: true }),
  },
};

type CallerName = "signedOut" | ProjectRole | "outsider" | "instanceAdmin";
const CALLERS: CallerName[] = ["signedOut", ...ROLES, "outsider", "instanceAdmin"];
type Outcome = "ok" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND";

function expected(access: Access, caller: CallerName): Outcome {
  if (access === "public") return "ok";
  if (caller === "signedOut") return "UNAUTHORIZED";
  if (access === "authed") return "ok";
  if (access === "instanceAdmin") return caller === "instanceAdmin" ? "ok" : "FORBIDDEN";
  // Project procedures: the outsider (admin of another project) and the instance admin are not members here.
  if (caller === "outsider" || caller === "instanceAdmin") return "NOT_FOUND";
  return roleAtLeast(caller, access.project) ? "ok" : "FORBIDDEN";
}

let database: TestDatabase;
let fx: Fixture;
/** A project whose admin is the "outsider": its own project id, with this project's object ids, gets nothing. */
let otherProjectId: string;
const userIds = {} as Record<Exclude<CallerName, "signedOut">, string>;

beforeAll(async () => {
  database = await createTestDatabase();
  const services = testServices(database.db);
  const project = await createProject(database.db);
  for (const role of ROLES) {
    userIds[role] = (await createUser(database.db, { email: `${role}@matrix.test` })).id;
    await addMember(database.db, project.id, userIds[role], role);
  }
  userIds.outsider = (await createUser(database.db, { email: "outsider@matrix.test" })).id;
  otherProjectId = (await createProject(database.db, { members: [{ userId: userIds.outsider, role: "admin" }] })).id;
  userIds.instanceAdmin = (await createUser(database.db, { email: "root@matrix.test", isInstanceAdmin: true })).id;
  fx = { db: database.db, services, projectId: project.id, adminId: userIds.admin };
});
afterAll(async () => {
  await database.drop();
});

function call(caller: CallerName, path: string, input: unknown): Promise<unknown> {
  const session = caller === "signedOut" ? null : { userId: userIds[caller] };
  const root = createCaller({ services: fx.services, session, ip: null }) as unknown as Record<
    string,
    Record<string, (i: unknown) => Promise<unknown>>
  >;
  const [namespace, name] = path.split(".") as [string, string];
  return root[namespace]![name]!(input);
}

async function outcome(promise: Promise<unknown>): Promise<Outcome | string> {
  try {
    await promise;
    return "ok";
  } catch (error) {
    if (error instanceof TRPCError)
      return error.code === "UNAUTHORIZED" || error.code === "FORBIDDEN" || error.code === "NOT_FOUND"
        ? error.code
        : `${error.code}: ${error.message}`;
    throw error;
  }
}

describe("authorization matrix", () => {
  const procedures = Object.keys(appRouter._def.procedures).sort();

  it("has a row for every procedure of the root router, and no row for a procedure that does not exist", () => {
    expect(procedures.filter((p) => !(p in MATRIX))).toEqual([]);
    expect(Object.keys(MATRIX).filter((p) => !procedures.includes(p))).toEqual([]);
  });

  for (const path of Object.keys(MATRIX).sort()) {
    const row = MATRIX[path]!;
    it.each(CALLERS)(`${path} as %s`, async (caller) => {
      const input = row.input ? await row.input(fx) : undefined;
      expect(await outcome(call(caller, path, input))).toBe(expected(row.access, caller));
    });
  }
});

/** The object ids of an input: every `…Id` / `…Ids` field except projectId, at any depth. */
function objectIds(value: unknown, found: string[] = []): string[] {
  if (value && typeof value === "object") {
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      if (key !== "projectId" && /Ids?$/.test(key) && (typeof inner === "string" || Array.isArray(inner))) {
        found.push(key);
      } else objectIds(inner, found);
    }
  }
  return found;
}

// Each project procedure's valid input, with its object ids left as they are and the projectId swapped for a
// project the caller administers: another tenant's object must be NOT_FOUND, and nothing may change. Built from
// the matrix's inputs, so a new procedure is covered by its matrix row alone.
describe("another project's object ids under the caller's own project", () => {
  const crossRows = Object.entries(MATRIX).filter(([, row]) => typeof row.access === "object" && row.input);
  for (const [path, row] of crossRows.sort(([a], [b]) => a.localeCompare(b))) {
    it(`${path}`, async () => {
      const input = (await row.input!(fx)) as Record<string, unknown>;
      if (objectIds(input).length === 0) return; // nothing but the project: covered by the matrix above
      const auditBefore = await database.db.auditLog.count({ where: { projectId: fx.projectId } });
      const result = await outcome(call("outsider", path, { ...input, projectId: otherProjectId }));
      expect(result, `${path} with ${objectIds(input).join(", ")} of another project`).toBe("NOT_FOUND");
      expect(await database.db.auditLog.count({ where: { projectId: fx.projectId } })).toBe(auditBefore);
    });
  }
});
