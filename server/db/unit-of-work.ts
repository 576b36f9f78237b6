import type { Db } from "../db";
import type { DbOrTx } from "./types";

/** What a repo runs its queries on: the database, or the transaction a service opened. */
export type Executor = DbOrTx;

/**
 * The service's unit of work: one transaction whose executor the service hands to every repo write and to the audit
 * row, so a change and its audit commit together or not at all. Repos never open one themselves.
 */
export type UnitOfWork = <T>(work: (tx: Executor) => Promise<T>) => Promise<T>;

export function unitOfWork(db: Db): UnitOfWork {
  return (work) => db.$transaction((tx) => work(tx));
}

/** The one method of a SQL client that repos' plain statements need (a pg client, or `sql(executor)`). */
export interface SqlClient {
  query<T>(text: string, params?: unknown[]): Promise<{ rows: T[] }>;
}

/** Plain SQL on an executor (the database or a service's transaction), for statements Prisma's API cannot express. */
export function sql(ex: Executor): SqlClient {
  return {
    query: async <T>(text: string, params: unknown[] = []) => ({
      rows: await ex.$queryRawUnsafe<T[]>(text, ...params),
    }),
  };
}
