import { expect, type Page } from "@playwright/test";

export const ADMIN_STATE = "e2e/.auth/admin.json";

export async function signIn(page: Page, email: string, password: string) {
  await page.goto("/sign-in");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
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
