import { PrismaPg } from "@prisma/adapter-pg";
import { CamelCasePlugin, Kysely, PostgresDialect, type KyselyPlugin } from "kysely";
import pg from "pg";
import { PrismaClient } from "./db/generated/client";
import type { DB } from "./db/generated/kysely/types";
import { kyselyOnPrisma, type PrismaRaw } from "./db/prisma-sql";
import { env } from "./env";

/** Typed SQL for what Prisma's API cannot express: a Kysely query builder typed from schema.prisma, camelCase rows. */
export type Sql = Kysely<DB>;

// Column and table names are snake_case in the database and camelCase in TypeScript; JSON values keep their keys.
const plugins: KyselyPlugin[] = [new CamelCasePlugin({ maintainNestedObjectKeys: true })];

// Timestamps are stored as UTC without a zone. Dates sent by the driver are written as UTC, and the pool's own
// queries (Kysely on the pool) read those columns as UTC, whatever the process's time zone. Prisma's adapter passes
// its own type parsers with each query, so this changes nothing for it.
pg.defaults.parseInputDatesAsUTC = true;
const TIMESTAMP_WITHOUT_TZ = 1114;
const poolTypes = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === TIMESTAMP_WITHOUT_TZ && format !== "binary"
      ? (value: string) => new Date(`${value.replace(" ", "T")}Z`)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export type Db = PrismaClient;

// Prisma runs on a pg Pool that we own, and Kysely runs on the same pool for typed SQL outside a Prisma transaction
// (the hot paths: Prisma's interactive transactions measured 3× slower than the driver's for the ingest batch).
const pools = new WeakMap<Db, { pool: pg.Pool; sql: Sql }>();

export function createDb(databaseUrl: string, maxConnections = 10): Db {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: maxConnections,
    types: poolTypes,
    // A request waits at most this long for a connection instead of hanging while the database is away, and no
    // statement runs past five minutes (the longest maintenance jobs take seconds).
    connectionTimeoutMillis: 10_000,
    statement_timeout: 300_000,
  });
  // An idle client that loses its connection (database restart) must not crash the process.
  pool.on("error", (error) => console.error("[db] idle connection error:", error.message));
  const client = new PrismaClient({ adapter: new PrismaPg(pool) });
  pools.set(client, { pool, sql: new Kysely<DB>({ dialect: new PostgresDialect({ pool }), plugins }) });
  return client;
}

function owned(db: Db) {
  const entry = pools.get(db);
  if (!entry) throw new Error("this client was not made by createDb");
  return entry;
}

/** The pg Pool under a client made by createDb (for LISTEN, which needs a connection of its own). */
export function pgPool(db: Db): pg.Pool {
  return owned(db).pool;
}

/** Typed SQL on the pool (no transaction), or on a transaction's own connection when given one. */
export function sqlDb(db: Db): Sql {
  return owned(db).sql;
}

const onTransactions = new WeakMap<object, Sql>();

/**
 * Typed SQL on a client made by createDb (the pool), or on one of its interactive transactions (the same
 * transaction, one Kysely per transaction).
 */
export function sqlOn(executor: Db | PrismaRaw): Sql {
  const owned = pools.get(executor as Db);
  if (owned) return owned.sql;
  let sql = onTransactions.get(executor);
  if (!sql) onTransactions.set(executor, (sql = kyselyOnPrisma(executor, plugins)));
  return sql;
}

export async function closeDb(db: Db): Promise<void> {
  await db.$disconnect();
  const entry = pools.get(db);
  if (entry && !entry.pool.ended) await entry.pool.end();
}

const globalForDb = globalThis as unknown as { tightloopDb?: Db };

/** The process-wide client, created lazily so that `next build` needs no database. */
export function db(): Db {
  globalForDb.tightloopDb ??= createDb(env().DATABASE_URL);
  return globalForDb.tightloopDb;
}
