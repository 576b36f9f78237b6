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
  client.on("notification", (m) => onMessage(m.payload ?? null));
  client.on("error", onLost);
  client.on("end", onLost);
  await client.query(`LISTEN ${channel}`);
  return async () => {
    client.off("error", onLost);
    client.off("end", onLost);
    await client.query(`UNLISTEN ${channel}`).catch(() => undefined);
    client.release();
  };
}
