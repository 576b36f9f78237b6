import type pg from "pg";
import { pgPool, type Db } from "../../db";

// The one path by which a change of a project's gateway routes (production route, model status, mirror fraction)
// or settings reaches the gateway's in-memory targets, in this process and every other: the writing transaction
// notifies, and each process's listener drops the project's entry when the change commits. There is no in-process
// shortcut: a process hears its own changes the way it hears everyone else's.

const ROUTES_CHANNEL = "tightloop_routes";

/** Inside the writing transaction (a Prisma transaction or a driver client in BEGIN): delivered only on commit. */
export async function notifyRoutesChanged(tx: Pick<Db, "$executeRaw"> | pg.ClientBase, projectId: string) {
  if ("query" in tx) await tx.query("SELECT pg_notify($1, $2)", [ROUTES_CHANNEL, projectId]);
  else await tx.$executeRaw`SELECT pg_notify(${ROUTES_CHANNEL}, ${projectId})`;
}

/**
 * Calls `onChange(projectId)` for every committed change of a project's targets or settings, from any process;
 * `onChange(null)` when the connection is lost (everything may be stale). Holds one pooled connection.
 */
export async function listenForRouteChanges(
  db: Db,
  onChange: (projectId: string | null) => void,
): Promise<() => Promise<void>> {
  const client = await pgPool(db).connect();
  const lost = () => onChange(null);
  client.on("notification", (m) => onChange(m.payload ?? null));
  client.on("error", lost);
  client.on("end", lost);
  await client.query(`LISTEN ${ROUTES_CHANNEL}`);
  return async () => {
    client.off("error", lost);
    client.off("end", lost);
    await client.query(`UNLISTEN ${ROUTES_CHANNEL}`).catch(() => undefined);
    client.release();
  };
}
