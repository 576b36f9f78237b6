import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

// e2e runs against `npm start`'s own launcher (embedded PostgreSQL, migrations, seed, next start, worker) on its
// own port and a throwaway data folder, never the developer's .data/.
const PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_ADMIN = { email: "admin@e2e.test", password: "e2e admin password" };
export const E2E_DATA_DIR = path.join(os.tmpdir(), `tightloop-e2e-${PORT}`);
const dataDir = E2E_DATA_DIR;
// A second launcher with the living demo world as `npm start` runs it (accelerated people and schedule), for the
// "first ten minutes" journey; it starts with the first and has run for several minutes when that journey comes.
export const E2E_WORLD_PORT = PORT + 1;
const worldDataDir = path.join(os.tmpdir(), `tightloop-e2e-world-${E2E_WORLD_PORT}`);

function chromiumPath(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  if (existsSync("/usr/bin/chromium")) return "/usr/bin/chromium";
  return undefined; // Playwright's own browser cache
}

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  timeout: 60_000,
  expect: { timeout: 15_000 },
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: chromiumPath(),
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [
    { name: "setup", testMatch: /.*\.setup\.ts/, use: { ...devices["Desktop Chrome"] } },
    {
      name: "chromium",
      testMatch: /.*\.spec\.ts/,
      dependencies: ["setup"],
      use: { ...devices["Desktop Chrome"], viewport: { width: 1366, height: 800 } },
    },
  ],
  webServer: [
    // A day of simulated history and a brisk live trickle, so the demo journeys have data within seconds; no
    // simulated people or automatic policy, so those journeys decide every step themselves.
    launcher(PORT, dataDir, {
      TIGHTLOOP_SIMULATOR_BACKFILL_DAYS: "1",
      TIGHTLOOP_SIMULATOR_RATE: "20",
      TIGHTLOOP_SIMULATOR_WORLD: "off",
    }),
    // The defaults of a fresh `npm start`, with the simulated people working four times as fast.
    launcher(E2E_WORLD_PORT, worldDataDir, { TIGHTLOOP_SIMULATOR_SPEED: "4" }),
  ],
});

/**
 * `npm start`'s own launcher on a port and a data folder emptied first. The wipe is part of the command, not of
 * loading this file: tools that read the config (knip, editors, a second `playwright test --list`) must not delete
 * the database of a run in progress.
 */
function launcher(port: number, folder: string, env: Record<string, string>) {
  return {
    command: `rm -rf '${folder}' && exec node --import tsx scripts/launcher/start.ts`,
    url: `http://127.0.0.1:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 240_000,
    stdout: "pipe" as const,
    stderr: "pipe" as const,
    gracefulShutdown: { signal: "SIGTERM" as const, timeout: 20_000 },
    env: {
      PORT: String(port),
      TIGHTLOOP_DATA_DIR: folder,
      TIGHTLOOP_ADMIN_EMAIL: E2E_ADMIN.email,
      TIGHTLOOP_ADMIN_PASSWORD: E2E_ADMIN.password,
      NEXTAUTH_URL: `http://localhost:${port}`,
      // The journeys' fake model endpoints listen on loopback, which an instance calls only when allowed.
      TIGHTLOOP_OUTBOUND_ALLOW: "127.0.0.1",
      ...env,
    },
  };
}
