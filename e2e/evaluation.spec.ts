import { expect, test } from "@playwright/test";
import { ADMIN_STATE } from "./fixtures";

test.use({ storageState: ADMIN_STATE });

// The Demo project starts with a rubric and the simulated judge. An admin (acting as ML lead) makes a new rubric
// version, adds a second judge on it and backfills the last day, watching the progress bar finish; the Overview then
// shows judged quality over time.
test("an admin versions a rubric, adds a judge, watches a backfill finish, and sees quality on the Overview", async ({
  page,
}) => {
  test.setTimeout(150_000);
  await page.goto("/");
  const nav = page.getByRole("navigation", { name: "Project" });
  await nav.getByRole("link", { name: "Evaluation" }).click();
  await expect(page.getByRole("heading", { name: "Evaluation", exact: true })).toBeVisible();

  // A new rubric version: the notes change, v2 appears.
  const rubric = page.getByRole("listitem").filter({ hasText: "Support answer quality" });
  await rubric.getByRole("button", { name: "Edit (new version)" }).click();
  await rubric.getByLabel("Notes for the judge (optional)").fill("Refunds: 30 days. SSO: Business plan only.");
  await rubric.getByRole("button", { name: "Save as new version" }).click();
  await expect(rubric.getByText("v2", { exact: true })).toBeVisible();

  // A second judge on v2 (simulated, since the demo world has no real model endpoints).
  await page.getByLabel("Judge name").fill("e2e-judge");
  await page.getByLabel("Judge provider").selectOption("simulated");
  await page.getByLabel("Rubric version").selectOption({ label: "Support answer quality v2" });
  await page.getByLabel("Model version filter").selectOption({ label: "support-bot-v1" });
  await page.getByRole("button", { name: "Add judge" }).click();
  const judge = page.getByRole("listitem").filter({ hasText: "e2e-judge" });
  await expect(judge.getByText("Support answer quality v2 · 100% sampled · only support-bot-v1")).toBeVisible();

  // Backfill the last day: the progress bar fills and reports the outcome.
  await judge.getByRole("button", { name: "Backfill last 24 h" }).click();
  await expect(judge.getByRole("progressbar", { name: "Backfill" })).toBeVisible();
  await expect(judge.getByText(/Backfill finished: \d+ scored/)).toBeVisible({ timeout: 90_000 });
  const bar = judge.getByRole("progressbar", { name: "Backfill" });
  expect(Number(await bar.getAttribute("aria-valuenow"))).toBe(Number(await bar.getAttribute("aria-valuemax")));

  // The Overview reads the rollups: judged quality per model version, worst topics.
  await nav.getByRole("link", { name: "Overview" }).click();
  await expect(page.getByRole("heading", { name: "Overview", exact: true })).toBeVisible();
  // Rollups follow the judges within seconds (the worker refreshes them after each scoring run).
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole("heading", { name: "Judge pass rate" })).toBeVisible({ timeout: 2000 });
  }).toPass({ timeout: 60_000 });
  await expect(page.getByText("support-bot-v1 (simulated)").first()).toBeVisible();
  await expect(page.getByRole("heading", { name: "Worst topics this week" })).toBeVisible();
});
