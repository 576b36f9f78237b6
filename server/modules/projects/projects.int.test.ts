import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProject, createUser } from "../../testing/factories";
import { createTestDatabase, testServices, type TestDatabase } from "../../testing/test-db";

let database: TestDatabase;
let services: ReturnType<typeof testServices>;

beforeAll(async () => {
  database = await createTestDatabase();
  services = testServices(database.db);
});
afterAll(() => database.drop());

describe("an instance admin and the projects they are not in", () => {
  it("lists every project and enters one as its admin, recorded in that project's audit log", async () => {
    const root = await createUser(database.db, { isInstanceAdmin: true });
    const owner = await createUser(database.db);
    const project = await createProject(database.db, { members: [{ userId: owner.id, role: "admin" }] });
    const listed = (await services.projects.listAll(root.id)).find((p) => p.id === project.id);
    expect(listed).toMatchObject({ members: 1, role: null });

    await services.projects.enter(project.id, root.id);
    expect(await services.projects.membership(project.id, root.id)).toEqual({ role: "admin" });
    const audit = await database.db.auditLog.findFirstOrThrow({
      where: { projectId: project.id, action: "member.instance_admin_enter" },
    });
    expect(audit).toMatchObject({ actorId: root.id, targetId: root.id });
    expect((await services.projects.listAll(root.id)).find((p) => p.id === project.id)?.role).toBe("admin");
    await expect(services.projects.enter("no-such-project", root.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
