import { expect, test, type Page } from "@playwright/test";
import { ADMIN_STATE, inviteAndJoin } from "./fixtures";

test.use({ storageState: ADMIN_STATE });

const QUEUE = "E2E SME queue";

async function openLabeling(page: Page) {
  await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Labeling" }).click();
  await expect(page.getByRole("heading", { name: "Labeling", exact: true })).toBeVisible();
}

async function startLabeling(page: Page, queue: string) {
  await openLabeling(page);
  await page
    .getByRole("list", { name: "Label queues" })
    .getByRole("listitem")
    .filter({ hasText: queue })
    .first()
    .getByRole("link", { name: "Start labeling" })
    .click();
  await expect(page.getByRole("heading", { name: `Label: ${queue}` })).toBeVisible();
}

/** Keyboard only: the keys, then Enter; waits for the next item (or the end) to load. */
async function label(page: Page, keys: string[], expectMessage: RegExp = /Saved\./) {
  await expect(page.getByTestId("selection")).toHaveText(/Selected: nothing yet/);
  await expect(page.getByRole("region", { name: "Conversation" })).toBeVisible();
  for (const key of keys) await page.keyboard.press(key);
  await page.keyboard.press("Enter");
  await expect(page.getByText(expectMessage)).toBeVisible();
  await ready(page);
}

/** The next item (or the end of the queue) has loaded. */
async function ready(page: Page) {
  await expect(
    page.getByRole("region", { name: "Conversation" }).or(page.getByText("Nothing left for you in this queue.")),
  ).toBeVisible();
  await expect(page.getByTestId("selection")).toHaveText(/Selected: nothing yet/);
}

// An ML lead sets up a queue of recent (simulated) answers with a gold item; two SMEs label it with the keyboard
// only (undo and skip included); the agreement page shows α and κ; then a calibration session runs blind and the
// lead records the agreed label and a new rubric version.
test("two labelers label with the keyboard, a gold item is scored, and an ML lead runs a calibration session", async ({
  page,
  browser,
}) => {
  test.setTimeout(240_000);
  await page.goto("/");
  const { member: sme1, email: email1 } = await inviteAndJoin(page, browser, "labeler");
  const { member: sme2, email: email2 } = await inviteAndJoin(page, browser, "labeler");

  // The lead: a pointwise queue on the demo rubric, k = 2, both SMEs assigned.
  await openLabeling(page);
  const form = page.getByRole("form", { name: "New queue" });
  await form.getByLabel("Queue name").fill(QUEUE);
  await form.getByLabel("Rubric version").selectOption({ label: "Support answer quality v1" });
  await form.getByLabel("Gold rate (%)").fill("0");
  await form.getByLabel("Fill from the routing rules").uncheck();
  await form.getByLabel(email1).check();
  await form.getByLabel(email2).check();
  await form.getByRole("button", { name: "Create queue" }).click();
  const queueRow = page.getByRole("list", { name: "Label queues" }).getByRole("listitem").filter({ hasText: QUEUE });
  await queueRow.getByRole("link", { name: "Items and adjudication" }).click();

  // Three recent answers by filter; the first becomes a gold item whose known answer is "pass".
  const add = page.getByRole("form", { name: "Add items" });
  await add.getByLabel("Or: answers from the last (hours)").fill("48");
  await add.getByLabel("At most").fill("3");
  await add.getByRole("button", { name: "Add" }).click();
  await expect(page.getByText(/Added 3 of 3/)).toBeVisible();
  await page.getByLabel("Status", { exact: true }).selectOption("");
  await expect(page.getByLabel("Gold answer")).toHaveCount(3);
  await page.getByLabel("Gold answer").first().selectOption("pass");
  await expect(page.getByText("gold: pass")).toBeVisible();

  // SME 1, fast: passes one answer and, without waiting for the next item to appear, fails it as incorrect (score,
  // then category by number) — the keys typed ahead wait for that item — then meets the gold item.
  await startLabeling(sme1, QUEUE);
  await expect(sme1.getByRole("region", { name: "Conversation" })).toBeVisible();
  for (const key of ["4", "Enter", "2", "1", "Enter"]) await sme1.keyboard.press(key);
  await expect(sme1.getByText(/This session: 2 labels/)).toBeVisible();
  await ready(sme1);
  await label(sme1, ["5"], /Gold item: you matched the known answer \(pass\)/);
  await expect(sme1.getByText("Nothing left for you in this queue.")).toBeVisible();

  // SME 2: labels, undoes and relabels, then skips the gold item with a reason.
  await startLabeling(sme2, QUEUE);
  await label(sme2, ["4"]);
  await sme2.keyboard.press("u");
  await expect(sme2.getByText(/Your last label was taken back/)).toBeVisible();
  await ready(sme2);
  await label(sme2, ["5"]);
  await label(sme2, ["4"]);
  await expect(sme2.getByRole("region", { name: "Conversation" })).toBeVisible();
  await sme2.keyboard.press("s");
  await sme2.keyboard.press("1");
  await expect(sme2.getByText("Skipped: The question is unclear.")).toBeVisible();
  await expect(sme2.getByText("Nothing left for you in this queue.")).toBeVisible();

  // The agreement page shows α and κ with their n.
  await openLabeling(page);
  await queueRow.getByRole("link", { name: "Agreement" }).click();
  await expect(page.getByRole("heading", { name: `Agreement: ${QUEUE}` })).toBeVisible();
  await expect(page.getByRole("group", { name: "Krippendorff α (categories)" })).toContainText("n = 2");
  await expect(page.getByRole("group", { name: "Fleiss κ" })).toContainText("n = 2");
  await expect(page.getByRole("table").first()).toContainText(email1);

  // Calibration: both SMEs label two items blind.
  await openLabeling(page);
  const calibration = page.getByRole("form", { name: "New calibration session" });
  await calibration.getByLabel("Session name").fill("E2E calibration");
  await calibration.getByLabel("Items from queue").selectOption({ label: QUEUE });
  await calibration.getByLabel("Number of items").fill("2");
  await calibration.getByLabel(email1).check();
  await calibration.getByLabel(email2).check();
  await calibration.getByRole("button", { name: "Start session" }).click();
  await page.getByRole("list", { name: "Calibration sessions" }).getByRole("link", { name: "E2E calibration" }).click();
  await expect(page.getByRole("heading", { name: "Calibration: E2E calibration" })).toBeVisible();

  for (const [sme, keys] of [
    [sme1, [["2", "1"], ["4"]]],
    [sme2, [["4"], ["4"]]],
  ] as const) {
    await startLabeling(sme, "Calibration: E2E calibration");
    // Blind: neither the user's signals nor the routing reason are shown.
    await expect(sme.getByText("What the user did:")).toHaveCount(0);
    for (const k of keys) await label(sme, [...k]);
  }

  await page.reload();
  await expect(page.getByRole("progressbar", { name: "Blind labels given" })).toHaveAttribute("aria-valuenow", "4");
  await page.getByRole("button", { name: "Start review" }).click();
  const disputed = page.getByRole("list", { name: "Disputed items" }).getByRole("listitem").first();
  await expect(disputed).toContainText("Disagreement 50%");
  await disputed.getByLabel("Why (optional)").fill("It quotes the wrong refund window.");
  await disputed.getByRole("button", { name: "Agree on incorrect" }).click();
  await expect(page.getByText(/Agreed label: incorrect/)).toBeVisible();
  await page.getByLabel("Rubric note").fill("Check every number against the policy.");
  await page.getByRole("button", { name: "Close and create a rubric version" }).click();
  await expect(page.getByText(/a new rubric version was created/)).toBeVisible();
});
