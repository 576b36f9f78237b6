import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProject, createUser } from "../testing/factories";
import { createTestDatabase, testServices, type TestDatabase } from "../testing/test-db";
import { createCaller } from "./root";

let database: TestDatabase;
let services: ReturnType<typeof testServices>;

beforeAll(async () => {
  database = await createTestDatabase();
  services = testServices(database.db);
});
afterAll(() => database.drop());

describe("what each role sees of the project's endpoints", () => {
  it("viewers and labelers see model names, not endpoint URLs; ML leads and admins see both", async () => {
    const people = await Promise.all(["viewer", "labeler", "ml_lead", "admin"].map(() => createUser(database.db)));
    const roles = ["viewer", "labeler", "ml_lead", "admin"] as const;
    const project = await createProject(database.db, {
      members: people.map((p, i) => ({ userId: p.id, role: roles[i]! })),
    });
    await services.deployments.create(
      project.id,
      { name: "prod", provider: "openai-compatible", baseUrl: "http://127.0.0.1:9/v1", model: "llama-3" },
      people[3]!.id,
    );
    for (const [i, role] of roles.entries()) {
      const caller = createCaller({ services, session: { userId: people[i]!.id }, ip: null });
      const [version] = await caller.deployments.list({ projectId: project.id });
      const config = version!.config as { model?: string; baseUrl?: string };
      expect(config.model, role).toBe("llama-3");
      expect(config.baseUrl, role).toBe(role === "viewer" || role === "labeler" ? undefined : "http://127.0.0.1:9/v1");
    }
  });
});
