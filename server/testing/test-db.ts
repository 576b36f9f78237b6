import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { closeDb, createDb, type Db } from "../db";
import { memoryQueue } from "../jobs/memory-queue";
import { outboundPolicy } from "../net/outbound";
import { createServices, type ServiceDeps } from "../services";

const LOOPBACK_ALLOWED = outboundPolicy({ allow: "127.0.0.0/8, ::1" });

function urlFor(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: inject("pgAdminUrl") });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  url: string;
  db: Db;
  drop(): Promise<void>;
}

/** A fresh database for one test file: an empty one, or a copy of the migrated template (default). */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const name = `t_${randomBytes(6).toString("hex")}`;
  await adminQuery(
    options.empty ? `CREATE DATABASE ${name}` : `CREATE DATABASE ${name} TEMPLATE ${inject("pgTemplate")}`,
  );
  const url = urlFor(inject("pgAdminUrl"), name);
  const db = createDb(url, 4);
  return {
    url,
    db,
    async drop() {
      await closeDb(db);
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/**
 * Services on a test database; follow-up jobs land in an in-memory queue (`services.queue.sent`), never run. The
 * outbound policy allows loopback, where the tests' fake providers listen (the policy's own tests are strict).
 */
export function testServices(db: Db, overrides: Omit<ServiceDeps, "db" | "queue"> = {}) {
  const queue = memoryQueue();
  return { ...createServices({ db, queue, outbound: LOOPBACK_ALLOWED, ...overrides }), queue };
}
