import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCaller } from "../../trpc/root";
import { createProject, createUser, DEFAULT_TEST_PASSWORD } from "../../testing/factories";
import { createTestDatabase, testServices, type TestDatabase } from "../../testing/test-db";

let database: TestDatabase;
let clock = new Date("2026-11-26T12:00:00Z");
let services: ReturnType<typeof testServices>;
let adminId: string;
let projectId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  services = testServices(database.db, { now: () => clock });
  adminId = (await createUser(database.db)).id;
  projectId = (await createProject(database.db, { members: [{ userId: adminId, role: "admin" }] })).id;
});
afterAll(async () => {
  await database.drop();
});

const asAdmin = () => createCaller({ services, session: { userId: adminId }, ip: null });
const asNobody = () => createCaller({ services, session: null, ip: null });

describe("invitations", () => {
  it("can assign labeling queues: the new member joins assigned to them; another project's queue is refused", async () => {
    const queue = await database.db.labelQueue.create({
      data: { projectId, name: `q-${Date.now()}`, kind: "pointwise", overlap: 2, goldRate: 0, source: "manual" },
    });
    const invite = await asAdmin().members.invite({
      projectId,
      email: "queued@example.test",
      role: "labeler",
      queueIds: [queue.id],
    });
    await asNobody().invites.accept({ token: invite.token, password: "labeler password 1" });
    const user = await database.db.user.findUniqueOrThrow({ where: { email: "queued@example.test" } });
    expect(
      await database.db.labelQueueAssignee.findUnique({
        where: { queueId_userId: { queueId: queue.id, userId: user.id } },
      }),
    ).not.toBeNull();

    const other = await createProject(database.db, { members: [{ userId: adminId, role: "admin" }] });
    const foreign = await database.db.labelQueue.create({
      data: { projectId: other.id, name: "theirs", kind: "pointwise", overlap: 2, goldRate: 0, source: "manual" },
    });
    await expect(
      asAdmin().members.invite({ projectId, email: "x@example.test", role: "labeler", queueIds: [foreign.id] }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("invite → link → set password → member with the invited role, audited; the link works once", async () => {
    const invite = await asAdmin().members.invite({ projectId, email: "  SME@Example.Test ", role: "labeler" });
    expect(invite.email).toBe("sme@example.test");
    expect(invite.path).toBe(`/invite/${invite.token}`);
    // Only the hash is stored.
    const stored = await database.db.invite.findFirstOrThrow({ where: { id: invite.id } });
    expect(stored.tokenHash).not.toContain(invite.token);

    expect(await asNobody().invites.describe({ token: invite.token })).toEqual({
      projectName: expect.any(String),
      email: "sme@example.test",
      role: "labeler",
    });
    await asNobody().invites.accept({ token: invite.token, password: "labeler password 1", name: "Sam" });

    const members = await asAdmin().members.list({ projectId });
    expect(members.find((m) => m.email === "sme@example.test")).toMatchObject({ role: "labeler", name: "Sam" });
    const user = await services.auth.signInWithPassword({ email: "sme@example.test", password: "labeler password 1" });
    expect(user?.email).toBe("sme@example.test");

    await expect(
      asNobody().invites.accept({ token: invite.token, password: "labeler password 1" }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: "This invite link is invalid or has expired",
    });
    const actions = (await asAdmin().audit.list({ projectId, limit: 50 })).items.map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["member.invite", "member.join"]));
  });

  it("an existing account joins only with its own password", async () => {
    const existing = await createUser(database.db, { email: "known@example.test" });
    const invite = await asAdmin().members.invite({ projectId, email: "known@example.test", role: "ml_lead" });
    // The link does not tell whether the e-mail has an account: the same three fields as for a new one.
    expect(Object.keys(await asNobody().invites.describe({ token: invite.token })).sort()).toEqual([
      "email",
      "projectName",
      "role",
    ]);
    await expect(
      asNobody().invites.accept({ token: invite.token, password: "not the password" }),
    ).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await asNobody().invites.accept({ token: invite.token, password: DEFAULT_TEST_PASSWORD });
    expect(await services.projects.membership(projectId, existing.id)).toEqual({ role: "ml_lead" });
  });

  it("guessing an account's password through an invite hits the sign-in throttle", async () => {
    await createUser(database.db, { email: "target@example.test" });
    const invite = await asAdmin().members.invite({ projectId, email: "target@example.test", role: "viewer" });
    const guesses = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        asNobody().invites.accept({ token: invite.token, password: `guess number ${i}` }),
      ),
    );
    const codes = guesses.map((g) => (g.status === "rejected" ? (g.reason as { code: string }).code : "OK"));
    // Counted before the check, atomically: five wrong answers, then refusals, even for parallel guesses.
    expect(codes.filter((c) => c === "UNAUTHORIZED")).toHaveLength(5);
    expect(codes.filter((c) => c === "TOO_MANY_REQUESTS")).toHaveLength(7);
    await expect(
      asNobody().invites.accept({ token: invite.token, password: DEFAULT_TEST_PASSWORD }),
    ).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
    await expect(
      services.auth.signInWithPassword({ email: "target@example.test", password: DEFAULT_TEST_PASSWORD }),
    ).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
  });

  it("a project admin cannot remove or demote an instance admin; an instance admin can", async () => {
    const instanceAdmin = await createUser(database.db, { isInstanceAdmin: true });
    const projectAdmin = await createUser(database.db);
    const p = await createProject(database.db, {
      members: [
        { userId: instanceAdmin.id, role: "admin" },
        { userId: projectAdmin.id, role: "admin" },
      ],
    });
    await expect(services.members.remove(p.id, instanceAdmin.id, projectAdmin.id)).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(services.members.changeRole(p.id, instanceAdmin.id, "viewer", projectAdmin.id)).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await services.members.changeRole(p.id, projectAdmin.id, "viewer", instanceAdmin.id);
    expect(await services.projects.membership(p.id, projectAdmin.id)).toEqual({ role: "viewer" });
  });

  it("expired and revoked links are refused", async () => {
    const expiring = await asAdmin().members.invite({ projectId, email: "late@example.test", role: "viewer" });
    const revoked = await asAdmin().members.invite({ projectId, email: "revoked@example.test", role: "viewer" });
    await asAdmin().members.revokeInvite({ projectId, inviteId: revoked.id });
    await expect(asNobody().invites.describe({ token: revoked.token })).rejects.toMatchObject({ code: "NOT_FOUND" });

    const saved = clock;
    clock = new Date(clock.getTime() + 8 * 86_400_000); // default TTL is 7 days
    await expect(
      asNobody().invites.accept({ token: expiring.token, password: "long enough pw" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    clock = saved;
  });

  it("refuses to invite an existing member, with a clear message", async () => {
    const self = await database.db.user.findUniqueOrThrow({ where: { id: adminId } });
    await expect(asAdmin().members.invite({ projectId, email: self.email, role: "viewer" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: `${self.email} is already a member of this project`,
    });
  });

  it("validates input with field messages", async () => {
    const error = await asAdmin()
      .members.invite({ projectId, email: "not-an-email", role: "viewer" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("BAD_REQUEST");
    const weak = await asNobody()
      .invites.accept({ token: "x".repeat(30), password: "short" })
      .catch((e: unknown) => e);
    expect((weak as TRPCError).code).toBe("BAD_REQUEST");
    expect(String((weak as TRPCError).message)).toContain("Use at least 10 characters");
  });
});

describe("roles and removal", () => {
  it("never leaves a project without an admin", async () => {
    const solo = await createProject(database.db, { members: [{ userId: adminId, role: "admin" }] });
    await expect(
      asAdmin().members.changeRole({ projectId: solo.id, userId: adminId, role: "viewer" }),
    ).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: "A project needs at least one admin",
    });
    await expect(asAdmin().members.remove({ projectId: solo.id, userId: adminId })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
    });
  });

  it("changes a role and removes a member, each with an audit row", async () => {
    const user = await createUser(database.db);
    await database.db.membership.create({ data: { projectId, userId: user.id, role: "viewer" } });
    await asAdmin().members.changeRole({ projectId, userId: user.id, role: "ml_lead" });
    expect(await services.projects.membership(projectId, user.id)).toEqual({ role: "ml_lead" });
    await asAdmin().members.remove({ projectId, userId: user.id });
    expect(await services.projects.membership(projectId, user.id)).toBeNull();
    const audit = (await asAdmin().audit.list({ projectId, limit: 10 })).items;
    expect(audit[0]).toMatchObject({ action: "member.remove", targetId: user.id });
    expect(audit[1]).toMatchObject({ action: "member.role_change", detail: { from: "viewer", to: "ml_lead" } });
  });
});
