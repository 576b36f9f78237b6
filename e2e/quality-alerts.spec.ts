import { expect, test } from "@playwright/test";
import { ADMIN_STATE, inviteAndJoin } from "./fixtures";

test.use({ storageState: ADMIN_STATE });

// An ML lead (the admin here) sets an alert rule the simulated world is sure to break; a PM with the viewer role
// then finds the open alert on the Overview, its marker on the quality chart, and follows its link in time.
test("a PM (viewer) sees an open alert and its marker on the quality chart", async ({ page, browser }) => {
  test.setTimeout(180_000);
  await page.goto("/");
  const nav = page.getByRole("navigation", { name: "Project" });
  await nav.getByRole("link", { name: "Alerts" }).click();
  await expect(page.getByRole("heading", { name: "Alerts", exact: true })).toBeVisible();
  await page.getByLabel("Rule name").fill("E2E pass-rate floor");
  await page.getByLabel("Alert threshold (%)").fill("99");
  await page.getByLabel("Window (hours)").fill("24");
  await page.getByLabel("Minimum samples in the window").fill("1");
  await page.getByRole("button", { name: "Add rule" }).click();
  const rule = page
    .getByRole("list", { name: "Alert rules" })
    .getByRole("listitem")
    .filter({ hasText: "E2E pass-rate floor" });
  await expect(rule).toBeVisible();
  // The worker evaluates rules after each rollup refresh (seconds with live traffic, at most a minute).
  await expect(async () => {
    await page.reload();
    await expect(rule.getByText("ALERT", { exact: true })).toBeVisible({ timeout: 2000 });
  }).toPass({ timeout: 120_000 });

  const { member: pm } = await inviteAndJoin(page, browser, "viewer");
  const openAlerts = pm.getByRole("heading", { name: "Open alerts" });
  await expect(async () => {
    await pm.reload();
    await expect(openAlerts).toBeVisible({ timeout: 3000 });
  }).toPass({ timeout: 30_000 });
  await expect(pm.getByText(/E2E pass-rate floor: judge pass rate is/).first()).toBeVisible();
  // The alert is drawn on the pass-rate chart as a dashed marker labelled "alert".
  await expect(pm.getByRole("heading", { name: "Judge pass rate" })).toBeVisible();
  await expect(
    pm
      .locator("svg text")
      // A promotion or rollback in the same bucket shares the label ("promotion + alert").
      .filter({ hasText: /(^| \+ )alert( \+ |$)/ })
      .first(),
  ).toBeVisible();

  // A viewer reads alerts but cannot change rules; the alert links to the Overview at its time.
  await pm.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Alerts" }).click();
  await expect(pm.getByRole("heading", { name: "Alerts", exact: true })).toBeVisible();
  await expect(pm.getByRole("button", { name: "Add rule" })).toHaveCount(0);
  await pm.getByRole("link", { name: "View on the Overview" }).first().click();
  await expect(pm).toHaveURL(/\/overview\?at=/);
  await expect(pm.getByText(/Centred on .* \(from an alert link\)/)).toBeVisible();
});
