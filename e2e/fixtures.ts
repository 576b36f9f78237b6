import { expect, type Browser, type Page } from "@playwright/test";

export const ADMIN_STATE = "e2e/.auth/admin.json";

/** The project navigation's areas, in order, as an admin sees them. */
export const PROJECT_AREAS = [
  "Overview",
  "Alerts",
  "Interactions",
  "Signals",
  "Topics",
  "Evaluation",
  "Labeling",
  "Fine-tunes",
  "Backlog",
  "Shadow",
  "Deployments",
  "Latency",
  "Settings",
  "Members",
  "API keys",
  "Audit log",
];

export async function signIn(page: Page, email: string, password: string) {
  await page.goto("/sign-in");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** As the signed-in admin on `page`: creates an ingest API key on the API keys page and returns it (shown once). */
export async function createIngestKey(page: Page, name: string): Promise<string> {
  await page.goto("/");
  await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "API keys" }).click();
  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByText(`New key "${name}"`)).toBeVisible();
  const apiKey = (await page.getByTestId("one-time-value").textContent())?.trim() ?? "";
  expect(apiKey).toMatch(/^tlk_/);
  return apiKey;
}

/** The project id from a /p/<id>/… URL. */
export function projectIdFrom(url: string): string {
  const match = /\/p\/([^/]+)\//.exec(new URL(url).pathname);
  expect(match, `expected a project URL, got ${url}`).not.toBeNull();
  return match![1]!;
}

/** Calls a tRPC query from the page with its cookies, as the browser would; returns the HTTP status and error code. */
export async function callQuery(page: Page, path: string, input: unknown) {
  return page.evaluate(
    async ({ path, input }) => {
      const res = await fetch(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`);
      const body = (await res.json()) as { error?: { json?: { data?: { code?: string } } } };
      return { status: res.status, code: body.error?.json?.data?.code ?? null };
    },
    { path, input },
  );
}

/**
 * As the signed-in admin on `page`: invites `role` to the current project through the Members page (assigned to
 * `options.queues` by name), then joins as
 * that person in a fresh browser context. Returns their page (landed on the Overview; a labeler on Labeling, their
 * queues) and e-mail.
 */
export async function inviteAndJoin(
  page: Page,
  browser: Browser,
  role: "viewer" | "labeler" | "ml_lead",
  options: { queues?: string[] } = {},
) {
  await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Members" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Members", exact: true })).toBeVisible();
  const email = `${role}-${Date.now()}@e2e.test`;
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Role", { exact: true }).selectOption(role);
  for (const queue of options.queues ?? []) await page.getByLabel(queue, { exact: true }).check();
  await page.getByRole("button", { name: "Create invite link" }).click();
  // The box may still show the previous invite's (used) link until this one is created.
  await expect(page.getByText(`Invite link for ${email}`)).toBeVisible();
  const link = (await page.getByTestId("one-time-value").textContent())?.trim() ?? "";
  expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{40,}$/);
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const member = await context.newPage();
  await member.goto(link);
  await member.getByLabel("Choose a password").fill(`${role} password 1`);
  await member.getByLabel("Repeat the password").fill(`${role} password 1`);
  await member.getByRole("button", { name: "Join project" }).click();
  await expect(
    member.getByRole("heading", { name: role === "labeler" ? "Labeling" : "Overview", exact: true }),
  ).toBeVisible();
  return { member, email, link };
}
