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
