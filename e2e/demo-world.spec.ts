import { expect, test } from "@playwright/test";
import { ADMIN_STATE } from "./fixtures";

test.use({ storageState: ADMIN_STATE });

// `npm start` seeds the Demo project and runs the simulator (back-filled history through the ingest API, live
// conversations through the gateway). A PM opens it and finds live, clearly simulated data.
test("a PM opens the Demo project and finds simulated history and live simulated traffic", async ({ page }) => {
  test.setTimeout(150_000);
  await page.goto("/");
  await expect(page.getByText(/the traffic here is/)).toBeVisible();
  await expect(page.getByText("simulated", { exact: true }).first()).toBeVisible();

  const nav = page.getByRole("navigation", { name: "Project" });
  await nav.getByRole("link", { name: "Interactions" }).click();
  await expect(page.getByRole("heading", { name: "Interactions", exact: true })).toBeVisible();
  // Conversations answered by the simulated production model, each labeled as simulated.
  const simulatedRow = page.getByRole("link").filter({ hasText: "support-bot-v1" }).first();
  await expect(async () => {
    await page.reload();
    await expect(simulatedRow).toBeVisible({ timeout: 2000 });
  }).toPass({ timeout: 60_000 });
  await expect(simulatedRow.getByText("simulated", { exact: true })).toBeVisible();

  // The users' reactions became signals (the worker derives them within seconds of the back-fill).
  await nav.getByRole("link", { name: "Signals" }).click();
  await expect(page.getByRole("heading", { name: "Signals", exact: true })).toBeVisible();
  await expect(async () => {
    await page.reload();
    await expect(page.getByText("Signals by type")).toBeVisible({ timeout: 2000 });
    const negativeSession = page.getByRole("cell", { name: /abandonment|rephrase|stopped/ }).first();
    await expect(negativeSession).toBeVisible({ timeout: 2000 });
  }).toPass({ timeout: 60_000 });
});
