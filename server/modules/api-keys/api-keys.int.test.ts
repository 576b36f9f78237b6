import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCaller } from "../../trpc/root";
import { createProject, createUser } from "../../testing/factories";
import { createTestDatabase, testServices, type TestDatabase } from "../../testing/test-db";

let database: TestDatabase;
let services: ReturnType<typeof testServices>;
let adminId: string;
let projectId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  services = testServices(database.db);
  adminId = (await createUser(database.db)).id;
  projectId = (await createProject(database.db, { members: [{ userId: adminId, role: "admin" }] })).id;
});
afterAll(async () => {
  await database.drop();
});

describe("API keys", () => {
  it("shows the key once, stores only its hash, authenticates it, and stops after revocation", async () => {
    const caller = createCaller({ services, session: { userId: adminId }, ip: null });
    const created = await caller.apiKeys.create({ projectId, name: "backend", scope: "ingest" });
    expect(created.key).toMatch(/^tlk_/);
    const listed = await caller.apiKeys.list({ projectId });
    expect(JSON.stringify(listed)).not.toContain(created.key);
    expect(listed[0]).not.toHaveProperty("hash");

    expect(await services.apiKeys.authenticate(created.key)).toMatchObject({ projectId, scopes: ["ingest"] });
    expect(
      await services.apiKeys.authenticate(created.key.slice(0, -1) + (created.key.endsWith("A") ? "B" : "A")),
    ).toBeNull();
    expect(await services.apiKeys.authenticate("Bearer nonsense")).toBeNull();

    await caller.apiKeys.revoke({ projectId, apiKeyId: created.id });
    expect(await services.apiKeys.authenticate(created.key)).toBeNull();
    await expect(caller.apiKeys.revoke({ projectId, apiKeyId: created.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("keeps allowed origins for feedback-only keys and validates them", async () => {
    const caller = createCaller({ services, session: { userId: adminId }, ip: null });
    const key = await caller.apiKeys.create({
      projectId,
      name: "browser",
      scope: "feedback_only",
      allowedOrigins: ["https://app.example.com"],
    });
    expect(await services.apiKeys.authenticate(key.key)).toMatchObject({
      scopes: ["feedback_only"],
      allowedOrigins: ["https://app.example.com"],
    });
    await expect(
      caller.apiKeys.create({
        projectId,
        name: "bad",
        scope: "feedback_only",
        allowedOrigins: ["https://app.example.com/path"],
      }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("cannot revoke another project's key", async () => {
    const otherAdmin = (await createUser(database.db)).id;
    const other = await createProject(database.db, { members: [{ userId: otherAdmin, role: "admin" }] });
    const foreign = await services.apiKeys.create(
      other.id,
      { name: "theirs", scope: "ingest", allowedOrigins: [] },
      otherAdmin,
    );
    const caller = createCaller({ services, session: { userId: adminId }, ip: null });
    await expect(caller.apiKeys.revoke({ projectId, apiKeyId: foreign.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await services.apiKeys.authenticate(foreign.key)).not.toBeNull();
  });
});
