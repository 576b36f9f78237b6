import { describe, expect, it } from "vitest";
import { looksPersonal, mineRows, toOpenAIChatJsonl, toPreferenceJsonl, type MiningInteraction } from "./mining";

const ask = (q: string) => [{ role: "user", content: q }];
const ix = (id: string, q: string, output: string, extra: Partial<MiningInteraction> = {}): MiningInteraction => ({
  id,
  input: ask(q),
  output,
  judgePass: null,
  humanLabel: null,
  correctedText: null,
  rephrasedAs: null,
  negative: false,
  ...extra,
});

describe("dataset mining", () => {
  // A session: the user asks, gets a wrong refund window, rephrases, rephrases again and accepts the third answer.
  const a = ix("a", "How long do refunds take?", "Refunds take 90 days.", { rephrasedAs: "b", negative: true });
  const b = ix("b", "refund time?", "It depends.", { rephrasedAs: "c", negative: true });
  const c = ix("c", "how many days for a refund", "Refunds arrive within 5–7 business days.");
  // Another user copied a wrong answer and fixed it.
  const d = ix("d", "Can I get a refund after 30 days?", "No, never.", {
    correctedText: "Yes, within 60 days with a receipt.",
  });
  // A judge-passed answer a human confirmed.
  const g = ix("g", "Where is my refund?", "Check Billing → Refunds.", { judgePass: true, humanLabel: "pass" });
  const byId = new Map([a, b, c, d, g].map((x) => [x.id, x]));

  it("mines DPO pairs from rephrase chains and corrections, and SFT rows from corrections and confirmed answers", () => {
    const { rows } = mineRows([a, d], [g], byId, { holdoutPercent: 0, excludePii: true });
    const summary = rows.map((r) => [r.kind, r.source, r.chosen, r.rejected, r.provenance.interactionIds.join(",")]);
    expect(summary).toEqual([
      ["dpo", "accepted_after_rephrase", "Refunds arrive within 5–7 business days.", "Refunds take 90 days.", "a,c"],
      ["sft", "user_correction", "Yes, within 60 days with a receipt.", null, "d"],
      ["dpo", "user_correction", "Yes, within 60 days with a receipt.", "No, never.", "d"],
      ["sft", "judge_and_human_confirmed", "Check Billing → Refunds.", null, "g"],
    ]);
    expect(rows.every((r) => r.prompt[0]!.role === "user")).toBe(true);
  });

  it("does not take a rephrase chain that never ends happily, nor a judge pass nobody confirmed", () => {
    const unhappy = ix("u", "q", "bad", { rephrasedAs: "v", negative: true });
    const v = ix("v", "q again", "still bad", { negative: true });
    const unconfirmed = ix("w", "q", "fine", { judgePass: true });
    const map = new Map([unhappy, v, unconfirmed].map((x) => [x.id, x]));
    expect(mineRows([unhappy], [unconfirmed], map, { holdoutPercent: 0, excludePii: false }).rows).toEqual([]);
  });

  it("does not teach an answer the judge failed, even when the user stopped asking after it", () => {
    const first = ix("f", "q", "bad", { rephrasedAs: "s", negative: true });
    const quiet = ix("s", "q again", "also bad", { judgePass: false });
    const map = new Map([first, quiet].map((x) => [x.id, x]));
    expect(mineRows([first], [], map, { holdoutPercent: 0, excludePii: false }).rows).toEqual([]);
    const passed = { ...quiet, judgePass: true };
    expect(
      mineRows([first], [], new Map([first, passed].map((x) => [x.id, x])), { holdoutPercent: 0, excludePii: false })
        .rows,
    ).toHaveLength(1);
  });

  it("drops duplicates, leaves out personal data when asked, and splits by a stable hash", () => {
    const dup = { ...d, id: "d2", input: ask("can I get a refund  after 30 days?") };
    const pii = ix("p", "My email is jane.doe@example.com, refund?", "x", { correctedText: "Refunds go to the card." });
    const result = mineRows([d, dup, pii], [], new Map(), { holdoutPercent: 50, excludePii: true });
    expect(result.duplicates).toBe(2);
    expect(result.piiExcluded).toBe(2);
    expect(result.rows).toHaveLength(2);
    expect(mineRows([d], [], new Map(), { holdoutPercent: 50, excludePii: true }).rows.map((r) => r.split)).toEqual(
      result.rows.map((r) => r.split),
    );
    const all = mineRows([d], [], new Map(), { holdoutPercent: 100, excludePii: true }).rows;
    expect(all.every((r) => r.split === "holdout")).toBe(true);
    expect(mineRows([pii], [], new Map(), { holdoutPercent: 0, excludePii: false }).rows).toHaveLength(2);
  });

  it("recognises personal-looking text", () => {
    expect(looksPersonal("write to ana@example.org")).toBe(true);
    expect(looksPersonal("call +44 20 7946 0958")).toBe(true);
    expect(looksPersonal("card 4111 1111 1111 1111")).toBe(true);
    expect(looksPersonal("Refunds take 5 to 7 days, 30 at most.")).toBe(false);
  });

  it("exports OpenAI chat and TRL preference JSONL that parse into their formats", () => {
    const { rows } = mineRows([a, d], [g], byId, { holdoutPercent: 0, excludePii: true });
    const chat = toOpenAIChatJsonl(rows)
      .split("\n")
      .map((l) => JSON.parse(l) as { messages: Array<{ role: string; content: string }> });
    expect(chat).toHaveLength(2);
    for (const line of chat) {
      expect(line.messages.at(-1)!.role).toBe("assistant");
      expect(
        line.messages.every((m) => ["system", "user", "assistant"].includes(m.role) && typeof m.content === "string"),
      ).toBe(true);
    }
    const prefs = toPreferenceJsonl(rows)
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, Array<{ role: string }>>);
    expect(prefs).toHaveLength(2);
    for (const p of prefs) {
      expect(Object.keys(p).sort()).toEqual(["chosen", "prompt", "rejected"]);
      expect(p.chosen![0]!.role).toBe("assistant");
      expect(p.rejected![0]!.role).toBe("assistant");
    }
  });
});
