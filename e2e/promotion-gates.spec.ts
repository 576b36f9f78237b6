import { expect, test, type Page } from "@playwright/test";
import { fill, TOPICS } from "../server/simulation/topics";
import { ADMIN_STATE, createIngestKey, inviteAndJoin } from "./fixtures";

test.use({ storageState: ADMIN_STATE });
test.setTimeout(300_000);

// The buttons no other journey clicks, with real evidence: a simulated candidate of the "strong" profile in shadow
// on the Demo project, mirrored traffic sent through the gateway by an app (accelerated: a burst of the world's own
// questions on the topics production answers worst), the four-eyes rule refusing a lone approver's promotion, a second ML lead approving, a promotion with
// every gate passing (no override), a rejection with its reason, and a rollback to restore the seeded version.
// (Runs before quality-alerts, whose rule fires on purpose and would hold the alerts gate.)
test("promotion gates: two ML leads approve, the four-eyes rule refuses a self-approved promotion, a clean promotion, a reject", async ({
  page,
  browser,
}) => {
  await page.goto("/");
  await setShadowSettings(page, { minPairs: "10", fourEyes: "On" });

  const stamp = Date.now();
  const strong = `e2e-strong-${stamp}`;
  const weak = `e2e-weak-${stamp}`;
  await register(page, strong, "strong");
  await register(page, weak, "weak");

  // An app's traffic through the gateway: every request is mirrored to both candidates (100 %) and judged.
  const key = await createIngestKey(page, `e2e gates ${stamp}`);
  // The questions the seeded production version answers worst (SSO, refunds, API errors: 30–62 % good), so the
  // strong candidate's advantage shows within a few dozen pairs whatever else the demo traffic mirrors.
  const questions = TOPICS.filter((t) => ["sso_setup", "refunds", "api_errors"].includes(t.key)).flatMap((t) =>
    t.intents.flatMap((intent) =>
      intent.paraphrases.map((p) => fill(p, Object.fromEntries(Object.entries(t.slots).map(([k, v]) => [k, v[0]!])))),
    ),
  );
  for (let batch = 0; batch < 20; batch++) {
    await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        const q = questions[(batch * 8 + i) % questions.length]!;
        const res = await page.request.post("/api/v1/chat/completions", {
          headers: { authorization: `Bearer ${key}` },
          data: { model: "demo", messages: [{ role: "user", content: q }] },
        });
        expect(res.status()).toBe(200);
      }),
    );
  }

  const { member: leadA, email: emailA } = await inviteAndJoin(page, browser, "ml_lead");
  const { member: leadB } = await inviteAndJoin(page, browser, "ml_lead");

  // ML lead A waits for the evidence: the candidate fails less often overall (it was not trained for an incident).
  await openCandidate(leadA, strong);
  const gates = leadA.getByRole("list", { name: "Promotion gates" });
  await expect(gates.getByRole("listitem").filter({ hasText: "Fails less often overall" })).toContainText("pass", {
    timeout: 180_000,
  });
  for (const key of ["Paired samples", "No topic regresses", "No quality alert firing"]) {
    await expect(gates.getByRole("listitem").filter({ hasText: key })).toContainText("pass");
  }
  await expect(leadA.getByRole("heading", { name: "All traffic (primary endpoint)" })).toBeVisible();

  // Lead A approves, then cannot promote alone under the four-eyes rule.
  await leadA.getByRole("button", { name: "Approve" }).click();
  await expect(leadA.getByText("Approved.")).toBeVisible();
  leadA.once("dialog", (dialog) => void dialog.accept());
  await leadA.getByRole("button", { name: "Promote" }).click();
  await expect(leadA.getByText(/Four-eyes rule: you are this candidate's only approver/)).toBeVisible();

  // Lead B approves too; lead A now promotes with every gate passing — no override.
  await openCandidate(leadB, strong);
  await leadB.getByRole("button", { name: "Approve" }).click();
  await expect(leadB.getByText("Approved.")).toBeVisible();
  await leadA.reload();
  await openCandidate(leadA, strong);
  await expect(leadA.getByText("2 approval(s) so far.")).toBeVisible();
  leadA.once("dialog", (dialog) => {
    expect(dialog.message()).toContain("Promote this candidate?");
    void dialog.accept();
  });
  await leadA.getByRole("button", { name: "Promote" }).click();
  await expect(leadA.getByText("Promoted: it now serves production.")).toBeVisible();

  // Lead B rejects the weak candidate with a reason; it leaves shadow and the audit log keeps the reason.
  await openCandidate(leadB, weak);
  await leadB.getByRole("textbox", { name: "Reason" }).fill("e2e: weaker than production everywhere");
  leadB.once("dialog", (dialog) => void dialog.accept());
  await leadB.getByRole("button", { name: "Reject" }).click();
  await expect(leadB.getByText("Rejected.")).toBeVisible();
  await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByText(/e2e: weaker than production everywhere/).first()).toBeVisible();

  // Deployments names who promoted; a rollback restores the seeded version for the journeys that follow.
  await leadA.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Deployments" }).click();
  const history = leadA.getByRole("list", { name: "Promotions and rollbacks" });
  await expect(history.getByRole("listitem").first()).toContainText(`→ ${strong}`);
  await expect(history.getByRole("listitem").first()).toContainText(`by ${emailA}`);
  leadA.once("dialog", (dialog) => void dialog.accept("e2e: restore the seeded version"));
  await leadA.getByRole("button", { name: "Roll back to support-bot-v1" }).click();
  await expect(history.getByRole("listitem").first()).toContainText("rollback");
  // A rolled-back candidate is not a rollback target: no button offers to go back to it.
  await expect(leadA.getByRole("button", { name: `Roll back to ${strong}` })).toHaveCount(0);

  await setShadowSettings(page, { minPairs: "50", fourEyes: "Off" });
});

async function setShadowSettings(page: Page, { minPairs, fourEyes }: { minPairs: string; fourEyes: "On" | "Off" }) {
  await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Settings" }).click();
  await page.getByLabel("Minimum paired samples").fill(minPairs);
  await page.getByLabel("Four-eyes rule").selectOption({ label: fourEyes });
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
}

async function register(page: Page, name: string, profile: string) {
  await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Deployments" }).click();
  await expect(page.getByRole("heading", { name: "Versions" })).toBeVisible();
  await page.getByLabel("Provider").selectOption("simulated");
  await page.getByLabel("Simulated quality").selectOption(profile);
  await page.getByLabel("Name").fill(name);
  await expect(page.getByLabel("Name")).toHaveValue(name);
  await page.getByRole("button", { name: /Add version|Register/ }).click();
  const row = page.getByRole("listitem").filter({ has: page.getByText(name, { exact: true }) });
  await row.getByLabel(`Mirrored share for ${name}`).fill("100");
  await row.getByRole("button", { name: "Put in shadow" }).click();
  await expect(row.getByText("100% mirrored")).toBeVisible();
}

async function openCandidate(page: Page, name: string) {
  await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Shadow" }).click();
  await page.getByLabel("Candidate").selectOption({ label: `${name} (shadow)` });
}
