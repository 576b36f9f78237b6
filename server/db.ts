import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./db/generated/client";
import { env } from "./env";

export type Db = PrismaClient;

export function createDb(databaseUrl: string, maxConnections = 10): Db {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: maxConnections }) });
}

const globalForDb = globalThis as unknown as { tightloopDb?: Db };

/** The process-wide client, created lazily so that `next build` needs no database. */
export function db(): Db {
  globalForDb.tightloopDb ??= createDb(env().DATABASE_URL);
  return globalForDb.tightloopDb;
}
