/**
 * A per-process cache of each project's gateway targets that is only trusted while a change listener is connected:
 * every committed write of a route, model status or settings notifies (PostgreSQL LISTEN/NOTIFY), and the entry is
 * dropped. A generation counter keeps a load that raced with a change from being cached. Without a listener (tests,
 * the worker) every call loads. Entries also expire after `ttlMs` as a backstop.
 */
export function createTargetCache<T>({
  load,
  listen,
  ttlMs = 60_000,
  retryMs = 5_000,
  now = Date.now,
}: {
  load: (projectId: string) => Promise<T>;
  listen: (onChange: (projectId: string | null) => void) => Promise<() => Promise<void>>;
  ttlMs?: number;
  retryMs?: number;
  now?: () => number;
}) {
  const entries = new Map<string, { value: T; until: number }>();
  let generation = 0;
  let state: "off" | "connecting" | "on" = "off";
  let stopListening: (() => Promise<void>) | null = null;
  let wanted = false;
  let nextTry = 0;

  function onChange(projectId: string | null) {
    generation++;
    if (projectId === null) {
      // Connection lost: nothing cached can be trusted; reconnect on a later call.
      entries.clear();
      state = "off";
      stopListening = null;
      nextTry = now() + retryMs;
    } else entries.delete(projectId);
  }

  async function connect() {
    if (!wanted || state !== "off" || now() < nextTry) return;
    state = "connecting";
    try {
      stopListening = await listen(onChange);
      entries.clear(); // anything loaded before the listener was up may have missed a change
      generation++;
      state = "on";
    } catch (error) {
      state = "off";
      nextTry = now() + retryMs;
      console.error("[gateway] cannot listen for route changes:", error instanceof Error ? error.message : error);
    }
  }

  return {
    async get(projectId: string): Promise<T> {
      if (state === "on") {
        const hit = entries.get(projectId);
        if (hit && hit.until > now()) return hit.value;
      } else void connect();
      const seen = generation;
      const value = await load(projectId);
      if (state === "on" && seen === generation) entries.set(projectId, { value, until: now() + ttlMs });
      return value;
    },
    async listen() {
      wanted = true;
      nextTry = 0;
      await connect();
    },
    async stop() {
      wanted = false;
      const stop = stopListening;
      stopListening = null;
      state = "off";
      entries.clear();
      await stop?.();
    },
    get listening() {
      return state === "on";
    },
  };
}
