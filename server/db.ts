import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./db/generated/client";
import { env } from "./env";

export type Db = PrismaClient;

// Prisma runs on a pg Pool that we own, so the few hot paths that need the driver itself (the ingest write path:
// Prisma's interactive transactions measured 2× slower there) share the same connections.
const pools = new WeakMap<Db, pg.Pool>();

export function createDb(databaseUrl: string, maxConnections = 10): Db {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: maxConnections });
  // An idle client that loses its connection (database restart) must not crash the process.
  pool.on("error", (error) => console.error("[db] idle connection error:", error.message));
  const client = new PrismaClient({ adapter: new PrismaPg(pool) });
  pools.set(client, pool);
  return client;
}

/** The pg Pool under a client made by createDb. */
export function pgPool(db: Db): pg.Pool {
  const pool = pools.get(db);
  if (!pool) throw new Error("pgPool: this client was not made by createDb");
  return pool;
}

/** Runs `fn` in one transaction on a pooled driver client (for hot paths where Prisma's are too slow). */
export async function inTransaction<T>(db: Db, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pgPool(db).connect();
  try {
    await client.query("BEGIN");
    const result = await fn(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export async function closeDb(db: Db): Promise<void> {
  await db.$disconnect();
  const pool = pools.get(db);
  if (pool && !pool.ended) await pool.end();
}

const globalForDb = globalThis as unknown as { tightloopDb?: Db };

/** The process-wide client, created lazily so that `next build` needs no database. */
export function db(): Db {
  globalForDb.tightloopDb ??= createDb(env().DATABASE_URL);
  return globalForDb.tightloopDb;
}
