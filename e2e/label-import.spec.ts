import { execFileSync } from "node:child_process";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { E2E_DATA_DIR } from "../playwright.config";
import { ADMIN_STATE } from "./fixtures";

test.use({ storageState: ADMIN_STATE });

const FIXTURES = path.join(process.cwd(), "e2e", "fixtures", "pandalm");

// An ML lead imports a PandaLM subset with the command while the app runs; the queue's agreement page shows the
// same figures the command printed (both come from the stored labels through one agreement service).
test("the PandaLM import's figures on the agreement page match the command's line", async ({ page }) => {
  test.setTimeout(120_000);
  const output = execFileSync(
    process.execPath,
    [
      "--import",
      "tsx",
      "scripts/dev/import.ts",
      "pandalm",
      path.join(FIXTURES, "testset-v1-subset.json"),
      "--judge",
      path.join(FIXTURES, "gpt-3.5-turbo-subset.json"),
      "--name",
      "E2E PandaLM",
    ],
    { env: { ...process.env, DATABASE_URL: "", TIGHTLOOP_DATA_DIR: E2E_DATA_DIR }, encoding: "utf8" },
  );
  const line = output.trim().split("\n").at(-1)!;
  const figures = Object.fromEntries([...line.matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1]!, m[2]!])) as Record<
    string,
    string
  >;
  expect(line).toMatch(/^IMPORT items=60 labelers=3 /);
  expect(figures.unparseable).toBe("6");

  await page.goto("/");
  await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Labeling" }).click();
  const queue = page
    .getByRole("list", { name: "Label queues" })
    .getByRole("listitem")
    .filter({ hasText: "E2E PandaLM" });
  await queue.getByRole("link", { name: "Agreement" }).click();
  await expect(page.getByRole("heading", { name: "Agreement: E2E PandaLM" })).toBeVisible();
  await expect(page.getByRole("group", { name: "Fleiss κ" })).toContainText(figures.fleiss_kappa!);
  await expect(page.getByRole("group", { name: "Krippendorff α (nominal)" })).toContainText(
    figures.krippendorff_alpha!,
  );
  const agreement = `${(Number(figures.judge_agreement) * 100).toFixed(1)}%`;
  await expect(page.getByRole("group", { name: "Judge agreement" })).toContainText(agreement);
  await expect(page.getByRole("group", { name: "Unparseable judge verdicts" })).toContainText("6");
  await expect(page.getByRole("group", { name: "Fleiss κ" })).toContainText("n = 60");
});
