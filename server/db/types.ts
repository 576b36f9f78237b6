import type { Db } from "../db";
import type { Prisma } from "./generated/client";

/** A Prisma client or an interactive transaction: repos accept either so services can compose them atomically. */
export type DbOrTx = Db | Prisma.TransactionClient;
export type { Prisma };
