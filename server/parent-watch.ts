/**
 * Calls `stop` once when this process's parent goes away, however it went (SIGKILL included): the process is then
 * re-parented, so its parent pid changes. The launcher's children (web, worker, simulator) and the launcher itself
 * (under `npm start`) use it, so no process of an instance outlives the one that started it.
 */
export function stopWithParent(stop: () => void, everyMs = 1000): void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(timer);
      stop();
    }
  }, everyMs);
  timer.unref();
}
