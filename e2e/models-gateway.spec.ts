import { expect, test } from "@playwright/test";
import OpenAI from "openai";
import { fakeOpenAI } from "../server/testing/http-harness";
import { ADMIN_STATE } from "./fixtures";

test.use({ storageState: ADMIN_STATE });

test("an admin sees the simulated production version, adds and tests a candidate, puts it in shadow, and sees mirrored pairs", async ({
  page,
  baseURL,
}) => {
  const upstream = await fakeOpenAI("Go to Billing and choose Refunds.");
  try {
    await page.goto("/");
    const nav = page.getByRole("navigation", { name: "Project" });
    await nav.getByRole("link", { name: "Deployments" }).click();
    await expect(page.getByRole("heading", { name: "Deployments" })).toBeVisible();

    // The Demo project is served by the seeded simulated version, labeled as simulated.
    // Exactly the seeded version (fine-tune journeys add "support-bot-v1-ft-…" candidates).
    const seeded = page.getByRole("listitem").filter({ has: page.getByText("support-bot-v1", { exact: true }) });
    await expect(seeded.getByText("production", { exact: true })).toBeVisible();
    await expect(seeded.getByText("simulated", { exact: true })).toBeVisible();

    // A real endpoint joins as a candidate; its key is never shown again, and the test button calls it.
    await page.getByLabel("Name").fill("e2e-candidate");
    await page.getByLabel("Base URL").fill(upstream.baseUrl);
    await page.getByLabel("Model", { exact: true }).fill("ok");
    await page.getByLabel("API key (optional)").fill("sk-e2e-secret-value");
    await page.getByLabel("Fine-tuned from (optional)").selectOption({ label: "support-bot-v1" });
    await page.getByRole("button", { name: "Add version" }).click();
    const candidate = page.getByRole("listitem").filter({ hasText: "e2e-candidate" });
    await expect(candidate.getByText("candidate", { exact: true })).toBeVisible();
    await expect(candidate.getByText(/fine-tuned from support-bot-v1/)).toBeVisible();
    await expect(candidate.getByText(/by admin@e2e\.test|by Admin/)).toBeVisible();
    await expect(page.getByText("sk-e2e-secret-value")).toHaveCount(0);
    await candidate.getByRole("button", { name: "Test" }).click();
    await expect(candidate.getByText(/ms: Go to Billing and choose Refunds\./)).toBeVisible();

    // It goes into shadow on every request.
    await candidate.getByLabel("Mirrored share for e2e-candidate").fill("100");
    await candidate.getByRole("button", { name: "Put in shadow" }).click();
    await expect(candidate.getByText("100% mirrored")).toBeVisible();

    // An app calls the gateway with the official OpenAI client.
    await nav.getByRole("link", { name: "API keys" }).click();
    await expect(page.getByRole("heading", { name: "API keys" })).toBeVisible();
    await page.getByLabel("Name").fill("e2e gateway");
    await page.getByRole("button", { name: "Create key" }).click();
    const apiKey = (await page.getByTestId("one-time-value").textContent())?.trim() ?? "";
    const openai = new OpenAI({ apiKey, baseURL: `${baseURL}/api/v1`, maxRetries: 0 });
    const completion = await openai.chat.completions.create(
      { model: "any", messages: [{ role: "user", content: "Can I get a refund?" }] },
      { headers: { "X-Tightloop-Session": `e2e-gw-${Date.now()}` } },
    );
    // Production (simulated) answers; the candidate receives the mirrored copy with its own key.
    expect(completion.choices[0]!.message.content).toBeTruthy();
    await expect.poll(() => upstream.calls.some((c) => c.auth === "Bearer sk-e2e-secret-value")).toBe(true);

    // The interaction page shows the production answer with its shadow pair.
    const projectId = new URL(page.url()).pathname.split("/")[2];
    await expect(async () => {
      await page.goto(`/p/${projectId}/interactions/${completion.id}`);
      await expect(page.getByText("Shadow answers (mirrored, never shown to the user)")).toBeVisible({ timeout: 2000 });
    }).toPass({ timeout: 30_000 });
    await expect(page.getByText("shadow: e2e-candidate")).toBeVisible();
    // Put it back so the simulated traffic of other journeys is not mirrored to a closed endpoint.
    await page.goto(`/p/${projectId}/deployments`);
    await page
      .getByRole("listitem")
      .filter({ hasText: "e2e-candidate" })
      .getByRole("button", { name: "Stop shadow" })
      .click();
  } finally {
    await upstream.close();
  }
});
