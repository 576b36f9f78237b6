import { expect, test } from "@playwright/test";
import { ADMIN_STATE, inviteAndJoin } from "./fixtures";

test.use({ storageState: ADMIN_STATE });
test.setTimeout(120_000);

// The slow signal on the (simulated) Demo traffic: a PM reads the topic mix and the retraining backlog; an ML lead
// re-clusters on demand; an admin renames a topic and merges two.
test("topics: PM reads the mix and the backlog, ML lead re-clusters, admin renames and merges", async ({
  page,
  browser,
}) => {
  await page.goto("/");
  const nav = page.getByRole("navigation", { name: "Project" });
  await nav.getByRole("link", { name: "Topics" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Topics", exact: true })).toBeVisible();
  await expect(page.getByRole("heading", { name: "All topics", exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole("group", { name: "Topic shift" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Top movers", exact: true })).toBeVisible();

  // Re-cluster now (admins can do what ML leads can).
  await page.getByRole("button", { name: "Re-cluster now" }).click();
  await expect(page.getByText("Re-clustering in the worker; this page updates when it finishes.")).toBeVisible();
  await expect(page.getByText(/Last re-clustering .* \(manual\): succeeded/)).toBeVisible({ timeout: 90_000 });
  await expect(page.getByRole("button", { name: "Re-cluster now" })).toBeEnabled();

  // Rename the first topic.
  const rows = page.getByRole("row");
  const first = rows.nth(1);
  await first.getByRole("button", { name: "Rename" }).click();
  await page.getByLabel("Topic name").fill("E2E renamed topic");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("table").getByText("E2E renamed topic", { exact: true })).toBeVisible();

  // Merge the second and third topics into the renamed one.
  const count = await rows.count();
  expect(count).toBeGreaterThan(3);
  const others = [
    (await rows.nth(2).getByRole("checkbox").getAttribute("aria-label"))!,
    (await rows.nth(3).getByRole("checkbox").getAttribute("aria-label"))!,
  ];
  await page.getByRole("checkbox", { name: "Select E2E renamed topic", exact: true }).check();
  await page.getByRole("checkbox", { name: others[0], exact: true }).check();
  await page.getByRole("checkbox", { name: others[1], exact: true }).check();
  await page.getByLabel("Merge into").selectOption({ label: "E2E renamed topic" });
  page.once("dialog", (dialog) => {
    expect(dialog.message()).toContain('into "E2E renamed topic"');
    void dialog.accept();
  });
  await page.getByRole("button", { name: "Merge", exact: true }).click();
  await expect(page.getByRole("checkbox", { name: others[0], exact: true })).toHaveCount(0);
  await expect(page.getByRole("checkbox", { name: others[1], exact: true })).toHaveCount(0);

  // A PM (viewer) sees the page and the backlog, without rename, merge or re-cluster controls.
  const { member: pm } = await inviteAndJoin(page, browser, "viewer");
  await pm.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Topics" }).click();
  await expect(pm.getByRole("heading", { name: "All topics", exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(pm.getByRole("table").getByText("E2E renamed topic", { exact: true })).toBeVisible();
  await expect(pm.getByRole("button", { name: "Rename" })).toHaveCount(0);
  await expect(pm.getByRole("button", { name: "Re-cluster now" })).toHaveCount(0);
  await expect(pm.getByRole("checkbox")).toHaveCount(0);

  await pm.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Backlog" }).click();
  await expect(pm.getByRole("heading", { level: 1, name: "Retraining backlog" })).toBeVisible();
  for (const name of ["Rising failure patterns", "Emerging topics", "Topic shifts"]) {
    await expect(pm.getByRole("heading", { name, exact: true })).toBeVisible();
  }
});
