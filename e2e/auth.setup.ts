import { expect, test as setup } from "@playwright/test";
import { E2E_ADMIN } from "../playwright.config";
import { ADMIN_STATE, signIn } from "./fixtures";

setup("sign in as the seeded admin", async ({ page }) => {
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await expect(page.getByRole("heading", { name: "Overview", exact: true })).toBeVisible();
  await page.context().storageState({ path: ADMIN_STATE });
});
