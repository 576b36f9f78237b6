import { expect, test, type Page } from "@playwright/test";
import { ADMIN_STATE, inviteAndJoin } from "./fixtures";

test.use({ storageState: ADMIN_STATE });
test.setTimeout(180_000);

// A simulated candidate in shadow on the Demo traffic: the gates fail for lack of pairs; a viewer can read the
// comparison but not act; with the minimum lowered (accelerated), the ML lead watches the pairs arrive until the
// samples gate passes, promotes with a written override (an identical candidate is not better, so the sequential
// test cannot pass) and rolls back from Deployments.
test("shadow: gates, samples arriving, an override promotion by an ML lead, a viewer without buttons, a rollback", async ({
  page,
  browser,
}) => {
  await page.goto("/");
  const nav = page.getByRole("navigation", { name: "Project" });
  await nav.getByRole("link", { name: "Deployments" }).click();
  const name = `e2e-shadow-${Date.now()}`;
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Provider").selectOption("simulated");
  await page.getByRole("button", { name: /Add version|Register/ }).click();
  const row = page.getByRole("listitem").filter({ has: page.getByText(name, { exact: true }) });
  await expect(row.getByText("candidate", { exact: true })).toBeVisible();
  await row.getByLabel(`Mirrored share for ${name}`).fill("100");
  await row.getByRole("button", { name: "Put in shadow" }).click();
  await expect(row.getByText("100% mirrored")).toBeVisible();

  // A viewer (PM) reads the comparison and the gates, without the actions.
  const { member: pm } = await inviteAndJoin(page, browser, "viewer");
  await pm.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Shadow" }).click();
  await pm.getByLabel("Candidate").selectOption({ label: `${name} (shadow)` });
  const pmGates = pm.getByRole("list", { name: "Promotion gates" });
  await expect(pmGates.getByRole("listitem").filter({ hasText: "Paired samples" })).toContainText("fail");
  await expect(pm.getByRole("button", { name: "Promote" })).toHaveCount(0);
  await expect(pm.getByText("ML leads approve and promote.")).toBeVisible();

  // Accelerated: an admin lowers the minimum of paired samples for this journey (restored at the end).
  await setMinPairedSamples(page, 10);

  // An ML lead sees the samples gate fail, then pass as mirrored pairs are judged (the page refreshes itself).
  const { member: lead } = await inviteAndJoin(page, browser, "ml_lead");
  await lead.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Shadow" }).click();
  await lead.getByLabel("Candidate").selectOption({ label: `${name} (shadow)` });
  const samplesGate = lead
    .getByRole("list", { name: "Promotion gates" })
    .getByRole("listitem")
    .filter({ hasText: "Paired samples" });
  await expect(samplesGate).toContainText("≥ 10");
  await expect(samplesGate).toContainText("pass", { timeout: 120_000 });

  // Promote is disabled until the override has a reason; then it switches production.
  await expect(
    lead
      .getByRole("img", { name: "Always-valid p-value by paired samples" })
      .or(lead.getByText("No pairs yet.").first()),
  ).toBeVisible();
  const promote = lead.getByRole("button", { name: "Promote" });
  await expect(promote).toBeDisabled();
  await lead.getByLabel("Override failing checks (needs a written reason)").check();
  await expect(promote).toBeDisabled();
  await lead.getByRole("textbox", { name: "Reason" }).fill("e2e: promoting before enough pairs on purpose");
  lead.once("dialog", (dialog) => {
    expect(dialog.message()).toContain("Promote despite failing checks?");
    void dialog.accept();
  });
  await promote.click();
  await expect(lead.getByText("Promoted: it now serves production.")).toBeVisible();

  // Deployments: the promotion with its override, then a one-click rollback.
  await lead.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Deployments" }).click();
  const history = lead.getByRole("list", { name: "Promotions and rollbacks" });
  await expect(history.getByRole("listitem").first()).toContainText(`→ ${name}`);
  await expect(history.getByRole("listitem").first()).toContainText("override: e2e: promoting before enough pairs");
  lead.once("dialog", (dialog) => void dialog.accept("e2e rollback"));
  await lead.getByRole("button", { name: "Roll back to support-bot-v1" }).click();
  await expect(history.getByRole("listitem").first()).toContainText("rollback");
  await expect(history.getByRole("listitem").first()).toContainText("→ support-bot-v1");

  // Deployment notifications: the ML lead sets a webhook; only its host is shown; then removes it.
  await lead.getByLabel("Webhook URL").fill("https://hooks.example.test/services/T0/B0/e2e-secret-path");
  await lead.getByRole("button", { name: "Save webhook" }).click();
  await expect(lead.getByText("Posting to hooks.example.test.")).toBeVisible();
  await expect(lead.getByText("e2e-secret-path")).toHaveCount(0);
  lead.once("dialog", (dialog) => void dialog.accept());
  await lead.getByRole("button", { name: "Remove" }).click();
  await expect(lead.getByText("No webhook: promotions and rollbacks are listed on this page only.")).toBeVisible();
  await setMinPairedSamples(page, 50); // the fast profile's value, for the journeys after this one
});

async function setMinPairedSamples(page: Page, n: number) {
  await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Settings" }).click();
  await page.getByLabel("Minimum paired samples").fill(String(n));
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
}
