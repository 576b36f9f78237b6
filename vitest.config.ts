import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "@": path.resolve(import.meta.dirname) };

export default defineConfig({
  resolve: { alias },
  test: {
    // A stray `.only` fails the run instead of silently skipping the rest (Playwright's forbidOnly does the same);
    // set per project, where Vitest reads it.
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          allowOnly: false,
          include: ["server/**/*.test.ts", "components/**/*.test.ts", "scripts/**/*.test.ts", "sdk/src/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "node_modules/**"],
          environment: "node",
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          allowOnly: false,
          include: ["server/**/*.int.test.ts", "scripts/**/*.int.test.ts"],
          environment: "node",
          globalSetup: ["server/testing/global-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // Each file gets its own database; two files at a time suits a 2-core machine.
          maxWorkers: 2,
        },
      },
    ],
  },
});
