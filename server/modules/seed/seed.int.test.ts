import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testServices, type TestDatabase } from "../../testing/test-db";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

describe("first-start seed", () => {
  it("creates the admin, the Demo project (fast profile, simulated production model) and an ingest key once, even when two starts race", async () => {
    const services = testServices(database.db);
    const [a, b] = await Promise.all([
      services.seed.seedIfEmpty({ adminEmail: "Admin@Example.Test" }),
      services.seed.seedIfEmpty({ adminEmail: "admin@example.test" }),
    ]);
    const seeded = a ?? b;
    expect([a, b].filter(Boolean)).toHaveLength(1);
    expect(seeded!.adminPassword).toMatch(/^[A-Za-z0-9]{18}$/);
    expect(
      await services.auth.signInWithPassword({ email: "admin@example.test", password: seeded!.adminPassword }),
    ).not.toBeNull();
    expect(await services.apiKeys.authenticate(seeded!.apiKey!)).toMatchObject({
      projectId: seeded!.projectId!,
      scopes: ["ingest"],
    });
    expect((await services.settings.get(seeded!.projectId!)).profile).toBe("fast");
    // The Demo is served by a simulated production version, so the simulator's traffic has a model to talk to.
    const { production } = await services.deployments.gatewayTargets(seeded!.projectId!);
    expect(production).toMatchObject({ name: "support-bot-v1", provider: "simulated" });
    // …and judged by the simulated judge against the demo rubric.
    const [judge] = await services.evaluation.listJudges(seeded!.projectId!);
    expect(judge).toMatchObject({ name: "sim-judge", provider: "simulated", enabled: true, sampleRate: 1 });
    const admin = await database.db.user.findUniqueOrThrow({ where: { email: "admin@example.test" } });
    expect(admin.isInstanceAdmin).toBe(true);
    expect(await services.projects.get(seeded!.projectId!)).toMatchObject({ name: "Demo", isDemo: true });

    expect(await services.seed.seedIfEmpty({ adminEmail: "admin@example.test" })).toBeNull();
    expect(await database.db.user.count()).toBe(1);
  });

  it("uses a configured admin password instead of generating one", async () => {
    const fresh = await createTestDatabase();
    const services = testServices(fresh.db);
    const seeded = await services.seed.seedIfEmpty({
      adminEmail: "ops@example.test",
      adminPassword: "configured password",
    });
    expect(seeded?.adminPassword).toBe("configured password");
    await fresh.drop();
  });
});
