import { expect, test } from "@playwright/test";
import OpenAI from "openai";
import { fakeOpenAI } from "../server/testing/http-harness";
import { ADMIN_STATE } from "./fixtures";

test.use({ storageState: ADMIN_STATE });

test("an admin adds and tests a model version, puts a second one in shadow, and sees mirrored pairs", async ({
  page,
  baseURL,
}) => {
  const upstream = await fakeOpenAI("Go to Billing and choose Refunds.");
  try {
    await page.goto("/");
    const nav = page.getByRole("navigation", { name: "Project" });
    await nav.getByRole("link", { name: "Deployments" }).click();
    await expect(page.getByRole("heading", { name: "Deployments" })).toBeVisible();

    // The first version serves production; its key is never shown again.
    await page.getByLabel("Name").fill("e2e-prod");
    await page.getByLabel("Base URL").fill(upstream.baseUrl);
    await page.getByLabel("Model", { exact: true }).fill("ok");
    await page.getByLabel("API key (optional)").fill("sk-e2e-secret-value");
    await page.getByRole("button", { name: "Add version" }).click();
    const prod = page.getByRole("listitem").filter({ hasText: "e2e-prod" });
    await expect(prod.getByText("production", { exact: true })).toBeVisible();
    await expect(page.getByText("sk-e2e-secret-value")).toHaveCount(0);
    await prod.getByRole("button", { name: "Test" }).click();
    await expect(prod.getByText(/ms: Go to Billing and choose Refunds\./)).toBeVisible();

    // A second version, in shadow on every request.
    await page.getByLabel("Name").fill("e2e-shadow");
    await page.getByLabel("Base URL").fill(upstream.baseUrl);
    await page.getByLabel("Model", { exact: true }).fill("ok");
    await page.getByRole("button", { name: "Add version" }).click();
    const shadow = page.getByRole("listitem").filter({ hasText: "e2e-shadow" });
    await expect(shadow.getByText("candidate", { exact: true })).toBeVisible();
    await shadow.getByLabel("Mirrored share for e2e-shadow").fill("100");
    await shadow.getByRole("button", { name: "Put in shadow" }).click();
    await expect(shadow.getByText("100% mirrored")).toBeVisible();

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
    expect(completion.choices[0]!.message.content).toBe("Go to Billing and choose Refunds.");
    expect(upstream.calls.some((c) => c.auth === "Bearer sk-e2e-secret-value")).toBe(true);

    // The interaction page shows the production answer with its shadow pair.
    const projectId = new URL(page.url()).pathname.split("/")[2];
    await expect(async () => {
      await page.goto(`/p/${projectId}/interactions/${completion.id}`);
      await expect(page.getByText("Shadow answers (mirrored, never shown to the user)")).toBeVisible({ timeout: 2000 });
    }).toPass({ timeout: 30_000 });
    await expect(page.getByText("shadow: e2e-shadow")).toBeVisible();
  } finally {
    await upstream.close();
  }
});
