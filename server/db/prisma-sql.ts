import {
  DeleteQueryNode,
  InsertQueryNode,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  UpdateQueryNode,
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type KyselyPlugin,
  type QueryResult,
} from "kysely";
import type { DB } from "./generated/kysely/types";

/** The two raw-query methods of a Prisma client or interactive transaction. */
export interface PrismaRaw {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
}

/**
 * Kysely on a Prisma interactive transaction: typed SQL that commits or rolls back with the service's unit of work.
 * Each transaction gets its own instance (prisma-extension-kysely attaches one to the transaction client, which
 * Prisma 7 shares between concurrent transactions: their statements ran on whichever transaction came last).
 * Statements run through Prisma's raw-query methods; a write without RETURNING reports its affected rows.
 */
export function kyselyOnPrisma(executor: PrismaRaw, plugins: KyselyPlugin[]): Kysely<DB> {
  const connection: DatabaseConnection = {
    async executeQuery<R>({ sql, parameters, query }: CompiledQuery): Promise<QueryResult<R>> {
      const write = InsertQueryNode.is(query) || UpdateQueryNode.is(query) || DeleteQueryNode.is(query);
      if (write && !query.returning) {
        return { rows: [], numAffectedRows: BigInt(await executor.$executeRawUnsafe(sql, ...parameters)) };
      }
      return { rows: await executor.$queryRawUnsafe<R[]>(sql, ...parameters) };
    },
    streamQuery() {
      throw new Error("typed SQL on a Prisma transaction does not stream");
    },
  };
  const inPrismaTransaction = () => {
    throw new Error("typed SQL on a Prisma transaction is already inside it: open no other transaction");
  };
  const driver: Driver = {
    init: async () => undefined,
    acquireConnection: async () => connection,
    beginTransaction: async () => inPrismaTransaction(),
    commitTransaction: async () => inPrismaTransaction(),
    rollbackTransaction: async () => inPrismaTransaction(),
    releaseConnection: async () => undefined,
    destroy: async () => undefined,
  };
  return new Kysely<DB>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => driver,
      createIntrospector: (kysely) => new PostgresIntrospector(kysely),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
    plugins,
  });
}
