import { sql } from "kysely";
import type { Db } from "../../db";
import { listen } from "../../db/listen";
import { sqlFor, type Executor } from "../../db/unit-of-work";

// The one path by which a change of a project's gateway routes (production route, model status, mirror fraction)
// or settings reaches the gateway's in-memory targets, in this process and every other: the writing transaction
// notifies, and each process's listener drops the project's entry when the change commits. There is no in-process
// shortcut: a process hears its own changes the way it hears everyone else's.

const ROUTES_CHANNEL = "tightloop_routes";

/** Inside the writing transaction: delivered only on commit. (`SELECT 1 … FROM` so that it returns a row.) */
export async function notifyRoutesChanged(tx: Executor, projectId: string) {
  await sql`SELECT 1 AS notified FROM pg_notify(${ROUTES_CHANNEL}, ${projectId})`.execute(sqlFor(tx));
}

/**
 * Calls `onChange(projectId)` for every committed change of a project's targets or settings, from any process;
 * `onChange(null)` when the connection is lost (everything may be stale). Holds one pooled connection.
 */
export function listenForRouteChanges(db: Db, onChange: (projectId: string | null) => void) {
  return listen(db, ROUTES_CHANNEL, onChange, () => onChange(null));
}
