/**
 * Group commit: callers add items and get a promise for their write; items added while a write is in flight (or in
 * the same event-loop turn) go out together in the next one. Under load, one database round trip carries many
 * items; with a single caller it adds no delay. A failed batch is retried item by item, so only the items that fail
 * again are rejected. Pure scheduling, no I/O of its own.
 */
export function groupCommit<T>(
  write: (items: T[]) => Promise<void>,
  options: { maxBatch: number; maxInFlight: number } = { maxBatch: 500, maxInFlight: 2 },
) {
  let queue: Array<{ item: T; resolve: () => void; reject: (error: unknown) => void }> = [];
  let inFlight = 0;
  let scheduled = false;

  /**
   * One write for the batch; if it fails, each item is written on its own, so one item the database refuses (a
   * character it cannot store, a constraint) fails only its own caller, never the rest of the batch.
   */
  async function writeIsolated(batch: typeof queue) {
    try {
      await write(batch.map((b) => b.item));
      batch.forEach((b) => b.resolve());
      return;
    } catch (error) {
      if (batch.length === 1) return batch[0]!.reject(error);
    }
    for (const b of batch) {
      await write([b.item]).then(b.resolve, b.reject);
    }
  }

  function pump() {
    scheduled = false;
    while (queue.length > 0 && inFlight < options.maxInFlight) {
      const batch = queue.slice(0, options.maxBatch);
      queue = queue.slice(batch.length);
      inFlight++;
      writeIsolated(batch).finally(() => {
        inFlight--;
        if (queue.length > 0 && !scheduled) {
          scheduled = true;
          setImmediate(pump);
        }
      });
    }
  }

  return {
    add(item: T): Promise<void> {
      return new Promise<void>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        if (!scheduled && inFlight < options.maxInFlight) {
          scheduled = true;
          setImmediate(pump); // gathers everything added in this turn of the event loop
        }
      });
    },
    get pending() {
      return queue.length;
    },
  };
}
