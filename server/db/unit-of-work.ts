import { sqlDb, sqlOn, type Db, type Sql } from "../db";
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

/**
 * A unit of work of typed SQL only, on the driver's own transaction: for the hot paths (ingest, scoring, signals,
 * rollups, re-clustering) whose writes need no Prisma call. Prisma's interactive transactions cost 3× more there.
 */
export type SqlUnitOfWork = <T>(work: (trx: Sql) => Promise<T>) => Promise<T>;

export function sqlUnitOfWork(db: Db): SqlUnitOfWork {
  return (work) => sqlDb(db).transaction().execute(work);
}

/** Typed SQL on an executor: the pool for the client itself, the same transaction for a service's transaction. */
export function sqlFor(ex: Executor): Sql {
  return sqlOn(ex);
}
