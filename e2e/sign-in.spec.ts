import { expect, test } from "@playwright/test";
import { E2E_ADMIN } from "../playwright.config";
import { PROJECT_AREAS, signIn } from "./fixtures";

test.describe("signing in and out", () => {
  test("signed-out visitors are sent to sign-in", async ({ page }) => {
    await page.goto("/p/anything/overview");
    await expect(page).toHaveURL(/\/sign-in/);
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  });

  test("a wrong password shows a clear, generic error", async ({ page }) => {
    await signIn(page, E2E_ADMIN.email, "not the password");
    await expect(page.getByRole("alert").filter({ hasText: "Wrong e-mail or password." })).toBeVisible();
    await signIn(page, "nobody@e2e.test", "not the password");
    await expect(page.getByRole("alert").filter({ hasText: "Wrong e-mail or password." })).toBeVisible();
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test("the admin signs in, sees the shell with the simulated demo project, and signs out", async ({ page }) => {
    await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
    await expect(page.getByRole("heading", { name: "Overview", exact: true })).toBeVisible();
    await expect(page.getByText(/the traffic here is/)).toBeVisible();
    await expect(page.getByText(/simulated/).first()).toBeVisible();
    const nav = page.getByRole("navigation", { name: "Project" });
    for (const area of PROJECT_AREAS) {
      await expect(nav.getByRole("link", { name: area, exact: true })).toBeVisible();
    }
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    await page.goto("/projects");
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test("the health route reports the database and the worker", async ({ request }) => {
    await expect
      .poll(async () => (await (await request.get("/api/health")).json()) as { status: string }, { timeout: 30_000 })
      .toMatchObject({ status: "ok", database: { ok: true }, worker: { ok: true } });
  });

  test("the browser's icon is served (no 404 on /favicon.ico)", async ({ request }) => {
    const res = await request.get("/favicon.ico");
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toMatch(/icon/);
  });
});
