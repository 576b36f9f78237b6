import { expect, test } from "@playwright/test";
import { ADMIN_STATE } from "./fixtures";

test.use({ storageState: ADMIN_STATE });

// An ML lead scans the (simulated) Demo traffic for failure patterns on demand and reads the last scan's numbers.
test("an ML lead scans for failure patterns and sees the pattern table", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Fine-tunes" }).click();
  await expect(page.getByRole("heading", { name: "Fine-tunes", exact: true })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Incidents", exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Scan now" }).click();
  await expect(page.getByText(/Scanned \d+ pattern\(s\); \d+ incident\(s\) opened\./)).toBeVisible();
  await expect(page.getByRole("heading", { name: "Failure patterns", exact: true })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Fine-tune jobs", exact: true })).toBeVisible();
});
