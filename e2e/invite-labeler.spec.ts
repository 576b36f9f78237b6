import { expect, test } from "@playwright/test";
import { ADMIN_STATE, callQuery, projectIdFrom } from "./fixtures";

test.use({ storageState: ADMIN_STATE });

test("an admin invites a labeler, who joins and is refused the admin pages", async ({ page, browser }) => {
  // Admin: invite by e-mail with the labeler role, get the one-time link.
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Overview", exact: true })).toBeVisible();
  const projectId = projectIdFrom(page.url());
  await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Members" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Members", exact: true })).toBeVisible();
  const email = `sme-${Date.now()}@e2e.test`;
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Role", { exact: true }).selectOption("labeler");
  await page.getByRole("button", { name: "Create invite link" }).click();
  const link = (await page.getByTestId("one-time-value").textContent())?.trim() ?? "";
  expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{40,}$/);
  await expect(page.getByText(`${email} · Labeler (SME)`)).toBeVisible();

  // Labeler, in a fresh browser context: open the link, set a password, land on their queues.
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const labeler = await context.newPage();
  await labeler.goto(link);
  await expect(labeler.getByText(`as Labeler (SME) with ${email}`)).toBeVisible();
  await labeler.getByLabel("Choose a password").fill("labeler password 1");
  await labeler.getByLabel("Repeat the password").fill("labeler password 1");
  await labeler.getByRole("button", { name: "Join project" }).click();
  await expect(labeler.getByRole("heading", { name: "Labeling", exact: true })).toBeVisible();
  expect(projectIdFrom(labeler.url())).toBe(projectId);
  expect(new URL(labeler.url()).pathname).toBe(`/p/${projectId}/labeling`);

  // Admin pages are not offered…
  const nav = labeler.getByRole("navigation", { name: "Project" });
  await expect(nav.getByRole("link", { name: "Labeling" })).toBeVisible();
  await expect(nav.getByText("Labeler (SME)")).toBeVisible();
  for (const adminPage of ["Members", "API keys", "Audit log"]) {
    await expect(nav.getByRole("link", { name: adminPage })).toHaveCount(0);
  }
  // …and their procedures are refused by the server, even when reached directly.
  await labeler.goto(`/p/${projectId}/settings/members`);
  await expect(
    labeler.getByRole("alert").filter({ hasText: "This needs the admin role or higher" }).first(),
  ).toBeVisible();
  expect(await callQuery(labeler, "members.list", { projectId })).toEqual({ status: 403, code: "FORBIDDEN" });
  expect(await callQuery(labeler, "apiKeys.list", { projectId })).toEqual({ status: 403, code: "FORBIDDEN" });
  expect(await callQuery(labeler, "projects.get", { projectId })).toMatchObject({ status: 200 });

  // The link worked once.
  await labeler.getByRole("button", { name: "Sign out" }).click();
  await expect(labeler).toHaveURL(/\/sign-in/);
  await labeler.goto(link);
  await expect(
    labeler.getByRole("alert").filter({ hasText: "This invite link is invalid or has expired" }),
  ).toBeVisible();
  await context.close();

  // The admin sees the new member and the audit trail.
  await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Audit log" }).click();
  // Other journeys invite people too: this labeler's rows are the newest.
  await expect(page.getByRole("cell", { name: "member.join" }).first()).toBeVisible();
  await expect(page.getByRole("cell", { name: "member.invite" }).first()).toBeVisible();
});
