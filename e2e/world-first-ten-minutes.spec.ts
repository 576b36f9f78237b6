import { expect, test, type Page } from "@playwright/test";
import { ADMIN_NAV, PROJECT_NAV } from "../components/shell/nav";
import { E2E_ADMIN, E2E_WORLD_PORT } from "../playwright.config";
import { inviteAndJoin, projectIdFrom, signIn } from "./fixtures";

// The first minutes of a fresh `npm start`, as a newcomer lives them: a second launcher runs the living SIMULATED
// world with its defaults (simulated people four times as fast). It started with the suite, so by the time this
// journey runs (last, by name) the world has been going for several minutes; the journey waits for the loop to close,
// then, as each role, opens every page of the navigation and finds data on it, not an empty state. A real labeler
// labels the routed queue beside the simulated SMEs, and a real ML lead approves the candidate left for them.

test.use({ baseURL: `http://localhost:${E2E_WORLD_PORT}`, storageState: { cookies: [], origins: [] } });

/** What the pages say when they have nothing to show: none of it may be on screen in a living Demo. */
const EMPTY_STATES = [
  "No candidates",
  "No incidents",
  "No incidents yet",
  "No labels yet.",
  "No promotion yet.",
  "No fine-tune jobs yet: start one from a dataset.",
  "No datasets yet: build one from an incident.",
  "No alerts so far.",
  "No alert rules",
  "No queues yet",
  "No interactions in this period",
  "No signals in this period.",
  "No topics yet",
  "No emerging topics",
  "No judges yet",
  "No model versions registered",
  "Nothing recorded yet",
];
const WAITING = "support-bot-v1-concise-prompt";

async function everyPageShowsData(page: Page, projectId: string, role: string) {
  const pages = [...PROJECT_NAV, ...(role === "admin" ? ADMIN_NAV : [])];
  for (const item of pages) {
    await page.goto(`/p/${projectId}/${item.href}`);
    await expect(page.getByRole("heading", { level: 1 }), `${role} on ${item.label}`).toBeVisible();
    // Loading placeholders gone, then no empty state anywhere on the page.
    await expect(page.getByText("Loading…")).toHaveCount(0, { timeout: 30_000 });
    for (const text of EMPTY_STATES) {
      await expect(page.getByText(text, { exact: true }), `${role} on ${item.label}: "${text}"`).toHaveCount(0);
    }
  }
}

test("first ten minutes: the loop closes by itself, every page is alive for every role, a human labels and approves", async ({
  page,
  browser,
}) => {
  test.setTimeout(20 * 60_000);
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await expect(page.getByRole("heading", { name: "Overview", exact: true })).toBeVisible();
  const projectId = projectIdFrom(page.url());

  // The loop closes with nobody clicking: the system's promotion shows on Deployments.
  const history = page.getByRole("list", { name: "Promotions and rollbacks" });
  await expect(async () => {
    await page.goto(`/p/${projectId}/deployments`);
    await expect(history.getByRole("listitem").filter({ hasText: "by the system (automatic policy)" })).not.toHaveCount(
      0,
      { timeout: 5_000 },
    );
  }).toPass({ timeout: 14 * 60_000, intervals: [20_000] });

  // The Latency page has the incident's five stages; the Shadow page the candidate left for a human.
  await page.goto(`/p/${projectId}/latency`);
  await expect(page.getByRole("img", { name: "Incident timelines" })).toBeVisible();
  // The last step, trained → deployed, has a median (one incident at least went all the way).
  const ship = page.getByRole("row").filter({ hasText: "trained → deployed" });
  await expect(ship).not.toContainText("—");
  await page.goto(`/p/${projectId}/shadow`);
  await expect(page.getByLabel("Candidate")).toContainText(WAITING);
  // The simulated people say so wherever their names appear.
  await page.goto(`/p/${projectId}/settings/members`);
  await expect(page.getByText("(simulated SME)")).not.toHaveCount(0);
  await expect(page.getByText("Morgan Lee (simulated ML lead)")).toBeVisible();

  await everyPageShowsData(page, projectId, "admin");
  const { member: viewer } = await inviteAndJoin(page, browser, "viewer");
  await everyPageShowsData(viewer, projectId, "viewer");
  const { member: lead } = await inviteAndJoin(page, browser, "ml_lead");
  await everyPageShowsData(lead, projectId, "ml_lead");
  // The labeler is invited straight into the routed queue the simulated SMEs work, and lands on their queues.
  const { member: labeler } = await inviteAndJoin(page, browser, "labeler", { queues: ["Ambiguous support answers"] });
  await everyPageShowsData(labeler, projectId, "labeler");

  // The labeler labels beside the simulated SMEs: every label lands (no item taken from under them, none past k).
  await labeler.goto(`/p/${projectId}/labeling`);
  await labeler
    .getByRole("list", { name: "Label queues" })
    .getByRole("listitem")
    .filter({ hasText: "Ambiguous support answers" })
    .getByRole("link", { name: "Start labeling" })
    .click();
  for (let i = 0; i < 3; i++) {
    await expect(labeler.getByRole("region", { name: "Conversation" })).toBeVisible();
    await expect(labeler.getByTestId("selection")).toHaveText(/Selected: nothing yet/);
    await labeler.keyboard.press("4");
    await labeler.keyboard.press("Enter");
    await expect(labeler.getByText(/Saved\.|Gold item/).first()).toBeVisible();
  }

  // The ML lead approves the candidate the simulated ML lead left in shadow (with a reason if a check still fails).
  await lead.goto(`/p/${projectId}/shadow`);
  await lead.getByLabel("Candidate").selectOption({ label: `${WAITING} (shadow)` });
  const approve = lead.getByRole("button", { name: "Approve" });
  if (await approve.isDisabled()) {
    await lead.getByLabel("Override failing checks (needs a written reason)").check();
    await lead.getByRole("textbox", { name: "Reason" }).fill("e2e: the prompt variant reads better; approving early");
  }
  await approve.click();
  await expect(lead.getByText("Approved.")).toBeVisible();
  await expect(
    lead.getByRole("list", { name: "Promotion gates" }).getByRole("listitem").filter({ hasText: "ML lead approvals" }),
  ).toContainText("pass");
});
