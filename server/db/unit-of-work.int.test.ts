import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { createTestDatabase, type TestDatabase } from "../testing/test-db";
import { sqlFor, sqlUnitOfWork, unitOfWork } from "./unit-of-work";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

const txid = async (ex: Parameters<typeof sqlFor>[0]) =>
  (await sql<{ x: string }>`SELECT txid_current()::text AS x`.execute(sqlFor(ex))).rows[0]!.x;

describe("typed SQL in a unit of work", () => {
  it("runs on the service's own transaction, also while other transactions run at once", async () => {
    const uow = unitOfWork(t.db);
    const seen = await Promise.all(
      Array.from({ length: 4 }, () =>
        uow(async (tx) => {
          const prisma = (await tx.$queryRawUnsafe<Array<{ x: string }>>("SELECT txid_current()::text AS x"))[0]!.x;
          await new Promise((resolve) => setTimeout(resolve, 20)); // the other transactions start meanwhile
          return { prisma, typed: await txid(tx) };
        }),
      ),
    );
    for (const s of seen) expect(s.typed).toBe(s.prisma);
    expect(new Set(seen.map((s) => s.typed)).size).toBe(4);
  });

  it("rolls back with the unit of work, on Prisma's transaction and on the driver's", async () => {
    const name = `rollback-${Date.now()}`;
    await expect(
      unitOfWork(t.db)(async (tx) => {
        await sql`INSERT INTO projects (id, name, created_at, updated_at)
                  VALUES (${name}, ${name}, now(), now())`.execute(sqlFor(tx));
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    await expect(
      sqlUnitOfWork(t.db)(async (trx) => {
        await trx
          .insertInto("projects")
          .values({ id: `${name}-2`, name, updatedAt: new Date() })
          .execute();
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    const left = await t.db.project.count({ where: { name } });
    expect(left).toBe(0);
  });

  it("writes and reads timestamps as UTC whatever the process's time zone", async () => {
    const zone = process.env.TZ;
    process.env.TZ = "America/New_York"; // the driver's defaults would shift by five hours here
    onTestFinished(() => {
      process.env.TZ = zone;
    });
    const at = new Date("2026-01-02T03:04:05.678Z");
    await sqlFor(t.db)
      .insertInto("projects")
      .values({ id: "p-utc", name: "utc", createdAt: at, updatedAt: at })
      .execute();
    const row = await sqlFor(t.db)
      .selectFrom("projects")
      .select(["createdAt"])
      .where("id", "=", "p-utc")
      .executeTakeFirstOrThrow();
    expect(row.createdAt.toISOString()).toBe(at.toISOString());
    const viaPrisma = await t.db.project.findUniqueOrThrow({ where: { id: "p-utc" }, select: { createdAt: true } });
    expect(viaPrisma.createdAt.toISOString()).toBe(at.toISOString());
  });
});
