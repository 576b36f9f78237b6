import { expect, test } from "@playwright/test";
import { Tightloop } from "../sdk/src/index";
import { ADMIN_STATE, createIngestKey, inviteAndJoin } from "./fixtures";

test.use({ storageState: ADMIN_STATE });
test.setTimeout(300_000);

// A failure pattern built from real ingested traffic (through the SDK and the worker, no shortcuts into the
// database): a topic users were content with for the last hour starts failing in the last minutes. The answers
// carry no session (one-off questions), so they stay out of the session views other journeys read. An ML lead
// opens the incident, previews its dataset, starts a simulated fine-tune, watches it train, sees the candidate,
// promotes it from the Shadow page and finds the incident complete on the latency tracker.
test("an ML lead goes from an incident to a dataset, a fine-tune and a new candidate", async ({
  page,
  browser,
  baseURL,
}) => {
  const apiKey = await createIngestKey(page, "e2e fine-tune journey");

  const tl = new Tightloop({ apiKey, baseUrl: baseURL!, onError: (e) => console.error(e.message) });
  const run = Date.now();
  const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000);
  const ask = (i: number) =>
    `How do I recalibrate the flux capacitor on starship ${["Aurora", "Borealis", "Cygnus"][i % 3]} (unit ${i})?`;
  // Baseline (15–50 minutes ago): 40 answers, 2 thumbs down.
  for (let i = 0; i < 40; i++) {
    const id = tl.interaction({
      id: `ft-${run}-b${i}`,
      userId: `pilot-${i}`,
      input: [{ role: "user", content: ask(i) }],
      output: "Open the engineering console, choose Flux, then Recalibrate and confirm twice.",
      startedAt: ago(50 - i * 0.8),
      endedAt: ago(50 - i * 0.8),
    });
    if (i < 2) tl.feedback({ interactionId: id, kind: "thumbs_down" });
  }
  // Recent (last 8 minutes): 30 answers, 22 thumbs down, 12 of them corrected by the user.
  for (let i = 0; i < 30; i++) {
    const id = tl.interaction({
      id: `ft-${run}-r${i}`,
      userId: `pilot-r${i}`,
      input: [{ role: "user", content: ask(100 + i) }],
      output: "Flux capacitors cannot be recalibrated; order a new one.",
      startedAt: ago(8 - i * 0.25),
      endedAt: ago(8 - i * 0.25),
    });
    if (i < 22) tl.feedback({ interactionId: id, kind: "thumbs_down", text: "wrong" });
    if (i < 12) {
      // The user copied the answer and fixed it before using it: a correction.
      const at = (seconds: number) => new Date(ago(8 - i * 0.25).getTime() + seconds * 1000);
      tl.behavior({ interactionId: id, kind: "copy", timestamp: at(10) });
      tl.behavior({
        interactionId: id,
        timestamp: at(20),
        kind: "edit",
        editedText: `Open the engineering console, choose Flux, then Recalibrate (unit ${100 + i}) and confirm twice.`,
      });
    }
  }
  await tl.shutdown();
  expect(tl.pending).toBe(0);

  const { member: lead } = await inviteAndJoin(page, browser, "ml_lead");
  await lead.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Fine-tunes" }).click();
  await expect(lead.getByRole("heading", { name: "Fine-tunes", exact: true })).toBeVisible();

  // The worker assigns the topic and derives the signals; a scan then opens the incident.
  const incident = lead
    .getByRole("list", { name: "Incidents" })
    .getByRole("listitem")
    .filter({ hasText: /capacitor|flux|recalibrate|starship/i })
    .first();
  await expect(async () => {
    await lead.getByRole("button", { name: "Scan now" }).click();
    await expect(lead.getByText(/Scanned \d+ pattern\(s\)/)).toBeVisible({ timeout: 5000 });
    await expect(incident).toBeVisible({ timeout: 3000 });
  }).toPass({ timeout: 120_000, intervals: [3000] });
  await expect(incident.getByText(/failing recently vs/)).toBeVisible();

  lead.once("dialog", (dialog) => {
    expect(dialog.message()).toContain("Build a dataset from this incident?");
    void dialog.accept();
  });
  await incident.getByRole("button", { name: "Build dataset" }).click();
  await expect(incident.getByText(/\d+ rows built\./)).toBeVisible();

  const dataset = lead.getByRole("list", { name: "Datasets" }).getByRole("listitem").first();
  await expect(dataset).toContainText(/user correction/);
  await dataset.getByRole("button", { name: "Preview rows" }).click();
  await expect(dataset.getByRole("list", { name: "Dataset rows" })).toContainText("engineering console");

  await dataset.getByRole("button", { name: "Fine-tune on this dataset" }).click();
  const form = lead.getByRole("form", { name: "Start fine-tune" });
  await form.getByLabel("Base model version").selectOption({ index: 1 });
  lead.once("dialog", (dialog) => {
    expect(dialog.message()).toContain("Start a LoRA SFT fine-tune");
    void dialog.accept();
  });
  await form.getByRole("button", { name: /Start/ }).click();

  const job = lead.getByRole("list", { name: "Fine-tune jobs" }).getByRole("listitem").first();
  await expect(job.getByRole("progressbar", { name: "Training steps" })).toBeVisible();
  await expect(job.getByRole("img", { name: "Training loss by step" })).toBeVisible({ timeout: 60_000 });
  await expect(job.getByText(/Candidate registered: \S+-ft-/)).toBeVisible({ timeout: 90_000 });
  await expect(job.getByText("succeeded")).toBeVisible();
  const candidate = /(\S+-ft-\S+)/.exec((await job.getByText(/Candidate registered:/).textContent()) ?? "")![1]!;

  // The admin puts the candidate in shadow; the ML lead promotes it with a written override (the demo traffic has
  // not mirrored enough pairs yet), which closes the incident's loop (stage 5).
  await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Deployments" }).click();
  const row = page.getByRole("listitem").filter({ has: page.getByText(candidate, { exact: true }) });
  await row.getByRole("button", { name: "Put in shadow" }).click();
  await expect(row.getByText("shadow", { exact: true })).toBeVisible();
  await lead.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Shadow" }).click();
  await lead.getByLabel("Candidate").selectOption({ label: `${candidate} (shadow)` });
  await expect(lead.getByText(/trained for the incident/)).toBeVisible();
  // The decision is on the incident's slice with the rest as a guardrail; the lead sees why the gate fails.
  await expect(lead.getByRole("heading", { name: "Incident slice (primary endpoint)" })).toBeVisible();
  await expect(lead.getByRole("heading", { name: "Rest of the traffic (guardrail)" })).toBeVisible();
  const sliceGate = lead
    .getByRole("list", { name: "Promotion gates" })
    .getByRole("listitem")
    .filter({ hasText: "Fails less often on the incident's slice" });
  await expect(sliceGate).toContainText("fail");
  await expect(sliceGate).toContainText(/no pairs yet|failing \(n = \d+\)/);
  await expect(lead.getByLabel("Decision outlook")).toContainText("Next to decide");
  await expect(lead.getByLabel("Mirroring cost")).toContainText("every slice request");
  await lead.getByLabel("Override failing checks (needs a written reason)").check();
  await lead.getByRole("textbox", { name: "Reason" }).fill("e2e: the journey promotes before enough pairs");
  lead.once("dialog", (dialog) => void dialog.accept());
  await lead.getByRole("button", { name: "Promote" }).click();
  await expect(lead.getByText("Promoted: it now serves production.")).toBeVisible();

  // The latency tracker shows the incident complete, and the Overview's loop health counts it.
  await lead.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Latency" }).click();
  await expect(lead.getByRole("heading", { name: "Feedback latency", exact: true })).toBeVisible();
  await expect(lead.getByRole("group", { name: "Median failure-to-fix" })).toContainText(/1 incident\(s\) fixed/);
  await expect(lead.getByRole("img", { name: "Incident timelines" })).toBeVisible();
  await lead.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Overview" }).click();
  // The lead saw the Overview when joining; its cached loop health refreshes within 30 s, a reload at once — once the
  // client-side navigation has landed (a reload before it reloads the Latency page).
  await lead.waitForURL(/\/overview$/);
  await lead.reload();
  await expect(lead.getByText(/over 1 fixed incident\(s\)/)).toBeVisible();

  // Back to the seeded production version for the journeys that follow (one-click rollback, audited).
  await lead.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Deployments" }).click();
  lead.once("dialog", (dialog) => void dialog.accept("e2e: restore the seeded version"));
  await lead.getByRole("button", { name: "Roll back to support-bot-v1" }).click();
  await expect(
    lead.getByRole("list", { name: "Promotions and rollbacks" }).getByRole("listitem").first(),
  ).toContainText("rollback");
});
