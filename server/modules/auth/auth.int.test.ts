import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, DEFAULT_TEST_PASSWORD } from "../../testing/factories";
import { createTestDatabase, testServices, type TestDatabase } from "../../testing/test-db";

let database: TestDatabase;
let clock = new Date("2026-11-26T12:00:00Z");
let services: ReturnType<typeof testServices>;

beforeAll(async () => {
  database = await createTestDatabase();
  services = testServices(database.db, { now: () => clock });
});
afterAll(async () => {
  await database.drop();
});

describe("password sign-in", () => {
  it("signs in with the right password, case-insensitively on the e-mail", async () => {
    await createUser(database.db, { email: "pm@example.test" });
    expect(
      await services.auth.signInWithPassword({ email: "PM@example.test", password: DEFAULT_TEST_PASSWORD }),
    ).toMatchObject({ email: "pm@example.test" });
  });

  it("answers a wrong password and an unknown e-mail the same way", async () => {
    expect(await services.auth.signInWithPassword({ email: "pm@example.test", password: "wrong password" })).toBeNull();
    expect(
      await services.auth.signInWithPassword({ email: "nobody@example.test", password: "wrong password" }),
    ).toBeNull();
  });

  it("locks an account after five failures, then lets it in again after the lock-out", async () => {
    await createUser(database.db, { email: "target@example.test" });
    for (let i = 0; i < 5; i++) {
      expect(
        await services.auth.signInWithPassword({ email: "target@example.test", password: `guess ${i}` }),
      ).toBeNull();
    }
    await expect(
      services.auth.signInWithPassword({ email: "target@example.test", password: DEFAULT_TEST_PASSWORD }),
    ).rejects.toMatchObject({
      code: "TOO_MANY_REQUESTS",
    });
    clock = new Date(clock.getTime() + 16 * 60_000);
    expect(
      await services.auth.signInWithPassword({ email: "target@example.test", password: DEFAULT_TEST_PASSWORD }),
    ).not.toBeNull();
  });

  it("counts 30 parallel wrong passwords atomically: five are checked, the rest refused unchecked", async () => {
    await createUser(database.db, { email: "parallel@example.test" });
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) =>
        services.auth.signInWithPassword({ email: "parallel@example.test", password: `guess ${i}`, ip: "192.0.2.1" }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(5);
    expect(
      results.filter((r) => r.status === "rejected" && (r.reason as { code: string }).code === "TOO_MANY_REQUESTS"),
    ).toHaveLength(25);
    const stored = await database.db.signInThrottle.findUniqueOrThrow({
      where: { key: "pair:parallel@example.test|192.0.2.1" },
    });
    expect(stored.failures).toBe(30);
  });

  it("does not lock the owner out from their own address when a stranger guesses from another", async () => {
    await createUser(database.db, { email: "owner@example.test" });
    for (let i = 0; i < 8; i++) {
      await services.auth
        .signInWithPassword({ email: "owner@example.test", password: `guess ${i}`, ip: "192.0.2.66" })
        .catch(() => null);
    }
    await expect(
      services.auth.signInWithPassword({
        email: "owner@example.test",
        password: DEFAULT_TEST_PASSWORD,
        ip: "192.0.2.66",
      }),
    ).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
    expect(
      await services.auth.signInWithPassword({
        email: "owner@example.test",
        password: DEFAULT_TEST_PASSWORD,
        ip: "198.51.100.20",
      }),
    ).toMatchObject({ email: "owner@example.test" });
  });

  it("locks one address that sprays many accounts", async () => {
    for (let i = 0; i < 30; i++) {
      await services.auth.signInWithPassword({
        email: `spray-${i}@example.test`,
        password: "guess",
        ip: "203.0.113.9",
      });
    }
    await expect(
      services.auth.signInWithPassword({
        email: "pm@example.test",
        password: DEFAULT_TEST_PASSWORD,
        ip: "203.0.113.9",
      }),
    ).rejects.toMatchObject({
      code: "TOO_MANY_REQUESTS",
    });
    expect(
      await services.auth.signInWithPassword({
        email: "pm@example.test",
        password: DEFAULT_TEST_PASSWORD,
        ip: "198.51.100.1",
      }),
    ).not.toBeNull();
  });
});
