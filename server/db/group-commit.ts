/**
 * Group commit: callers add items and get a promise for their write; items added while a write is in flight (or in
 * the same event-loop turn) go out together in the next one. Under load, one database round trip carries many
 * items; with a single caller it adds no delay. Pure scheduling, no I/O of its own.
 */
export function groupCommit<T>(
  write: (items: T[]) => Promise<void>,
  options: { maxBatch: number; maxInFlight: number } = { maxBatch: 500, maxInFlight: 2 },
) {
  let queue: Array<{ item: T; resolve: () => void; reject: (error: unknown) => void }> = [];
  let inFlight = 0;
  let scheduled = false;

  function pump() {
    scheduled = false;
    while (queue.length > 0 && inFlight < options.maxInFlight) {
      const batch = queue.slice(0, options.maxBatch);
      queue = queue.slice(batch.length);
      inFlight++;
      write(batch.map((b) => b.item))
        .then(
          () => batch.forEach((b) => b.resolve()),
          (error: unknown) => batch.forEach((b) => b.reject(error)),
        )
        .finally(() => {
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
