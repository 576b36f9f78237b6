import { expect, test } from "@playwright/test";
import { Tightloop } from "../sdk/src/index";
import { ADMIN_STATE, createIngestKey } from "./fixtures";

test.use({ storageState: ADMIN_STATE });

test("a PM sends events with the SDK and sees the interaction and its derived signals", async ({ page, baseURL }) => {
  // An admin creates an ingest key in the UI; it is shown once.
  const apiKey = await createIngestKey(page, "e2e backend");

  // The app reports a rephrased question, then a thumbs down and a stopped generation on the second answer.
  const tl = new Tightloop({ apiKey, baseUrl: baseURL!, onError: (e) => console.error(e.message) });
  const session = `e2e-${Date.now()}`;
  const t = (secondsAgo: number) => new Date(Date.now() - secondsAgo * 1000);
  tl.interaction({
    id: `${session}-1`,
    sessionId: session,
    userId: "e2e-user",
    input: [{ role: "user", content: "How do I reset my password?" }],
    output: "Open Settings and choose Security.",
    startedAt: t(30),
    endedAt: t(29),
  });
  const second = tl.interaction({
    id: `${session}-2`,
    sessionId: session,
    userId: "e2e-user",
    input: [{ role: "user", content: "I forgot my password, how can I change it?" }],
    output: "Please contact support.",
    startedAt: t(25),
    endedAt: t(24),
  });
  tl.feedback({ interactionId: second, sessionId: session, kind: "thumbs_down", text: "not helpful" });
  tl.behavior({ interactionId: second, sessionId: session, kind: "stop_generation", generatedChars: 10 });
  await tl.shutdown();
  expect(tl.pending).toBe(0);

  // The interaction appears in the explorer with its derived signals (the worker runs within seconds).
  await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Interactions" }).click();
  await page.getByLabel("Session").fill(session);
  const first = page.getByRole("link", { name: /How do I reset my password\?/ });
  await expect(async () => {
    await page.reload();
    await page.getByLabel("Session").fill(session);
    await expect(first.getByText("rephrase")).toBeVisible({ timeout: 2000 });
  }).toPass({ timeout: 60_000 });
  await expect(page.getByRole("link", { name: /I forgot my password/ }).getByText("thumbs down")).toBeVisible();
  await expect(page.getByRole("link", { name: /I forgot my password/ }).getByText("stopped")).toBeVisible();

  // The interaction page shows the conversation, the events timeline and the evidence behind the signal.
  await first.click();
  await expect(page.getByRole("heading", { name: "Interaction", exact: true })).toBeVisible();
  await expect(page.getByText("Open Settings and choose Security.")).toBeVisible();
  await expect(page.getByText("rephrase", { exact: true })).toBeVisible();
  await expect(page.getByText(/method embedding/)).toBeVisible();

  // The Signals overview counts them.
  await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Signals" }).click();
  await expect(page.getByText("Implicit coverage")).toBeVisible();
  // (By type, not by session: the session table lists the simulated sessions with the most negative signals.)
  await expect(page.getByRole("application").filter({ hasText: "rephrase (implicit)" })).toBeVisible();
});
