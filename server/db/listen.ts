import { pgPool, type Db } from "../db";

/**
 * LISTEN on `channel` with a pooled connection of its own: `onMessage(payload)` for each notification, `onLost()` when
 * the connection drops (notifications may have been missed). Returns the function that stops listening.
 */
export async function listen(
  db: Db,
  channel: string,
  onMessage: (payload: string | null) => void,
  onLost: () => void,
): Promise<() => Promise<void>> {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`listen: not a channel name: ${channel}`);
  const client = await pgPool(db).connect();
  let done = false;
  // A lost connection goes back to the pool destroyed (so the pool opens a fresh one), once; the caller listens
  // again when it wants to.
  const lost = (error?: Error) => {
    if (done) return;
    done = true;
    client.off("error", lost);
    client.off("end", lost);
    client.release(error ?? true);
    onLost();
  };
  client.on("notification", (m) => onMessage(m.payload ?? null));
  client.on("error", lost);
  client.on("end", lost);
  try {
    await client.query(`LISTEN ${channel}`);
  } catch (error) {
    lost(error as Error);
    throw error;
  }
  return async () => {
    if (done) return;
    done = true;
    client.off("error", lost);
    client.off("end", lost);
    await client.query(`UNLISTEN ${channel}`).catch(() => undefined);
    client.release();
  };
}
