import { sendOrLeaveToSweep, type JobQueue } from "../../jobs/queue";

// One wake-up per project per second is enough: the job drains everything pending, and the worker's sweep catches
// anything a skipped wake-up would have covered. Saves a queue write on most requests under load.
const WAKE_INTERVAL_MS = 1000;

/** Wakes the signal worker for a project whose new rows are committed (debounced; a failure is logged, not thrown). */
export function signalWaker(queue: JobQueue, now: () => number = Date.now) {
  const lastWake = new Map<string, number>();
  return async function wakeSignals(projectId: string): Promise<void> {
    const at = now();
    if (at - (lastWake.get(projectId) ?? -Infinity) < WAKE_INTERVAL_MS) return;
    lastWake.set(projectId, at);
    await sendOrLeaveToSweep(
      queue,
      "process-signals",
      { projectId },
      { singletonKey: projectId },
      "wake the signal worker",
    );
  };
}
export type WakeSignals = ReturnType<typeof signalWaker>;
