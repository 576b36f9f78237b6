import { spawnSync } from "node:child_process";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../testing/test-db";
import { migrate, readMigrations } from "./migrate";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase({ empty: true });
});
afterAll(async () => {
  await database.drop();
});

async function query<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("migration applier", () => {
  it("applies every migration to an empty database and records it as Prisma does", async () => {
    const local = readMigrations();
    expect(local.length).toBeGreaterThan(0);
    const result = await migrate(database.url);
    expect(result.applied).toEqual(local.map((m) => m.name).sort());

    const tables = await query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    );
    const names = tables.map((t) => t.table_name);
    for (const table of [
      "users",
      "projects",
      "memberships",
      "api_keys",
      "interactions",
      "events",
      "signals",
      "audit_logs",
      "promotions",
    ]) {
      expect(names).toContain(table);
    }
    const rows = await query<{ migration_name: string; finished_at: Date | null; applied_steps_count: number }>(
      `SELECT migration_name, finished_at, applied_steps_count FROM "_prisma_migrations"`,
    );
    expect(rows).toHaveLength(local.length);
    expect(rows.every((r) => r.finished_at !== null && r.applied_steps_count === 1)).toBe(true);
  });

  it("is a no-op the second time", async () => {
    expect(await migrate(database.url)).toEqual({ applied: [] });
    const rows = await query(`SELECT 1 FROM "_prisma_migrations"`);
    expect(rows).toHaveLength(readMigrations().length);
  });

  it("refuses to run when an applied migration was edited", async () => {
    const edited = readMigrations().map((m, i) => (i === 0 ? { ...m, sql: `${m.sql}\n-- edited\n` } : m));
    await expect(migrate(database.url, edited)).rejects.toThrow(/was edited after it was applied/);
  });

  it("rolls back a failing migration completely and records nothing for it", async () => {
    const broken = [
      ...readMigrations(),
      { name: "99990101000000_broken", sql: "CREATE TABLE half_done (id int);\nSELECT * FROM no_such_table;" },
    ];
    await expect(migrate(database.url, broken)).rejects.toThrow(/99990101000000_broken failed and was rolled back/);
    expect(await query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'half_done'`)).toHaveLength(0);
    expect(
      await query(`SELECT 1 FROM "_prisma_migrations" WHERE migration_name = '99990101000000_broken'`),
    ).toHaveLength(0);
  });

  it("leaves a database that Prisma's own migrate status considers up to date, with no drift", () => {
    const tool = path.join(process.cwd(), "scripts", "dev", "prisma-migrate-offline.mjs");
    const result = spawnSync(process.execPath, [tool, "status"], {
      env: { ...process.env, DATABASE_URL: database.url },
      encoding: "utf8",
    });
    expect(result.stdout + result.stderr).toMatch(/up to date/i);
    expect(result.status).toBe(0);
  });
});
