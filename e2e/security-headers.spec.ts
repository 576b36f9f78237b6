import { expect, test } from "@playwright/test";
import { ADMIN_STATE, PROJECT_AREAS } from "./fixtures";

test.use({ storageState: ADMIN_STATE });
test.setTimeout(120_000);

// Every page runs under its nonce Content-Security-Policy with nothing blocked, and cannot be framed.
test("every page passes its Content-Security-Policy with no violation, and refuses to be framed", async ({ page }) => {
  const violations: string[] = [];
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as unknown as { __cspViolations?: string[] }).__cspViolations ??= [];
      (window as unknown as { __cspViolations: string[] }).__cspViolations.push(
        `${e.violatedDirective} ${e.blockedURI}`,
      );
    });
  });
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });

  const first = await page.goto("/");
  const headers = (await first!.request().response())!.headers();
  expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["content-security-policy"]).not.toContain("unsafe-eval");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");

  const nav = page.getByRole("navigation", { name: "Project" });
  for (const area of PROJECT_AREAS) {
    await nav.getByRole("link", { name: area, exact: true }).click();
    await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
    await page.reload(); // a full document load under a fresh nonce, not only a client-side navigation
    await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
    const seen = await page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? []);
    expect(seen, area).toEqual([]);
  }
  expect(violations).toEqual([]);

  const api = await page.request.get("/api/v1/models");
  expect(api.headers()["x-content-type-options"]).toBe("nosniff");
  expect(api.headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
});
