import { describe, expect, it } from "vitest";
import { fleissKappa, krippendorffAlpha } from "../../stats/agreement";
import { agreementReport, type ReportItem, type ReportLabel } from "./agreement-report";
import { canClaim, goldDue, type SlotState } from "./assignment";
import { majority } from "./consensus";
import { parseImport } from "./import-formats";
import { isValidChoice, judgeNominal, nominalOf } from "./label-values";
import { DEFAULT_ROUTING, routeReasons, type RoutingCase } from "./routing";

const routine: RoutingCase = {
  judgeStatus: "ok",
  pass: true,
  confidence: 0.9,
  signals: [],
  topicAgeHours: 500,
  topicEmergedAfterHours: 0,
};

describe("routing rules", () => {
  it("leave a confident judge that agrees with the user alone", () => {
    expect(routeReasons(routine, DEFAULT_ROUTING)).toEqual([]);
    expect(routeReasons({ ...routine, signals: [{ polarity: "positive", strength: 0.9 }] }, DEFAULT_ROUTING)).toEqual(
      [],
    );
  });
  it("route low confidence, unparseable output and new topics", () => {
    expect(routeReasons({ ...routine, confidence: 0.4 }, DEFAULT_ROUTING)).toEqual(["low_confidence"]);
    expect(
      routeReasons({ ...routine, judgeStatus: "unparseable", pass: null, confidence: null }, DEFAULT_ROUTING),
    ).toEqual(["unparseable"]);
    // A topic that emerged two days into the project's history is new for its first day…
    const emerging = { ...routine, topicEmergedAfterHours: 48 };
    expect(routeReasons({ ...emerging, topicAgeHours: 5 }, DEFAULT_ROUTING)).toEqual(["new_topic"]);
    expect(routeReasons({ ...emerging, topicAgeHours: 30 }, DEFAULT_ROUTING)).toEqual([]);
    // …while the topics present from the start are the initial mix, however young the project.
    expect(routeReasons({ ...routine, topicAgeHours: 5, topicEmergedAfterHours: 0 }, DEFAULT_ROUTING)).toEqual([]);
    expect(routeReasons({ ...routine, topicAgeHours: null, topicEmergedAfterHours: null }, DEFAULT_ROUTING)).toEqual(
      [],
    );
  });
  it("route a judge that contradicts a strong user signal, either way, but not a weak one", () => {
    const negative = { polarity: "negative" as const, strength: 0.8 };
    expect(routeReasons({ ...routine, signals: [negative] }, DEFAULT_ROUTING)).toEqual(["judge_pass_negative_signal"]);
    expect(
      routeReasons({ ...routine, pass: false, signals: [{ polarity: "positive", strength: 0.7 }] }, DEFAULT_ROUTING),
    ).toEqual(["judge_fail_positive_signal"]);
    expect(routeReasons({ ...routine, signals: [{ ...negative, strength: 0.3 }] }, DEFAULT_ROUTING)).toEqual([]);
    // A plain abandonment (0.6) ends many satisfied sessions too: not enough to doubt the judge.
    expect(routeReasons({ ...routine, signals: [{ ...negative, strength: 0.6 }] }, DEFAULT_ROUTING)).toEqual([]);
    expect(routeReasons({ ...routine, pass: false, signals: [negative] }, DEFAULT_ROUTING)).toEqual([]);
  });
  it("obey switched-off rules", () => {
    const off = { ...DEFAULT_ROUTING, unparseable: false, signalDisagreement: false, newTopicHours: 0 };
    expect(routeReasons({ ...routine, judgeStatus: "unparseable", pass: null, confidence: null }, off)).toEqual([]);
    expect(
      routeReasons({ ...routine, topicAgeHours: 1, signals: [{ polarity: "negative", strength: 1 }] }, off),
    ).toEqual([]);
  });
});

describe("assignment", () => {
  const slot = (s: Partial<SlotState>): SlotState => ({
    status: "open",
    overlap: 2,
    labelCount: 0,
    otherActiveHolds: 0,
    labeledByMe: false,
    skippedByMe: false,
    isGold: false,
    ...s,
  });

  it("respects labels, holds of others, skips and the item's status", () => {
    expect(canClaim(slot({}))).toBe(true);
    expect(canClaim(slot({ labelCount: 1, otherActiveHolds: 1 }))).toBe(false);
    expect(canClaim(slot({ labeledByMe: true }))).toBe(false);
    expect(canClaim(slot({ skippedByMe: true }))).toBe(false);
    expect(canClaim(slot({ status: "complete" }))).toBe(false);
    expect(canClaim(slot({ isGold: true, labelCount: 9 }))).toBe(true);
  });

  it("never gives one labeler an item twice and stops every item at k labels", () => {
    const overlap = 3;
    const items = Array.from({ length: 20 }, (_, i) => ({ id: i, labelers: new Set<number>() }));
    const given: Array<[number, number]> = [];
    // Six labelers ask for work in turn until nobody gets anything.
    for (let round = 0; round < 100; round++) {
      let any = false;
      for (let labeler = 0; labeler < 6; labeler++) {
        const item = items.find((it) =>
          canClaim(
            slot({
              overlap,
              labelCount: it.labelers.size,
              labeledByMe: it.labelers.has(labeler),
              status: it.labelers.size >= overlap ? "complete" : "open",
            }),
          ),
        );
        if (!item) continue;
        any = true;
        item.labelers.add(labeler);
        given.push([labeler, item.id]);
      }
      if (!any) break;
    }
    expect(new Set(given.map(([l, i]) => `${l}:${i}`)).size).toBe(given.length);
    expect(items.every((it) => it.labelers.size === overlap)).toBe(true);
  });

  it("makes a gold item due at the queue's rate", () => {
    const due = Array.from({ length: 100 }, (_, n) => goldDue(n, 0.1)).filter(Boolean).length;
    expect(due).toBe(10);
    expect(goldDue(0, 0)).toBe(false);
    expect(goldDue(5, 1)).toBe(true);
  });
});

describe("labels and consensus", () => {
  it("maps choices to the nominal vocabulary", () => {
    expect(nominalOf("pointwise", "4", null)).toBe("pass");
    expect(nominalOf("pointwise", "2", "incorrect")).toBe("incorrect");
    expect(nominalOf("pointwise", "1", null)).toBe("fail");
    expect(nominalOf("pairwise", "B", null)).toBe("B");
    expect(judgeNominal(false, "off_topic")).toBe("off_topic");
    expect(isValidChoice("pointwise", "6")).toBe(false);
    expect(isValidChoice("pairwise", "tie")).toBe(true);
  });

  it("takes the majority, and sends ties and weak pluralities to adjudication", () => {
    expect(majority(["pass", "pass", "incorrect"])).toMatchObject({ label: "pass", needsAdjudication: false });
    expect(majority(["pass", "incorrect"])).toMatchObject({ label: null, needsAdjudication: true, share: 0.5 });
    expect(majority(["A", "B", "tie"]).needsAdjudication).toBe(true);
    expect(majority(["A", "A", "B", "tie"]).needsAdjudication).toBe(true);
  });
});

describe("agreement report", () => {
  // Fleiss (1971) would be too big inline; a small table whose κ and α are checked against the pinned functions.
  const table = [
    ["a", "a", "a"],
    ["a", "b", "a"],
    ["b", "b", "b"],
    ["a", "a", "b"],
    ["b", "b", "b"],
    ["a", "a", "a"],
  ];
  const items: ReportItem[] = table.map((_, i) => ({
    id: `i${i}`,
    isGold: false,
    goldChoice: i === 0 ? "a" : null,
    // The judge follows the majority except on item 1.
    judgeChoice: i === 1 ? "b" : majority(table[i]!).label,
    judgeStatus: "ok",
    judgeConfidence: 0.8,
    consensus: majority(table[i]!).label,
  }));
  const labels: ReportLabel[] = table.flatMap((row, i) =>
    row.map((v, c) => ({ itemId: `i${i}`, labelerKey: `c${c}`, labelerName: `C${c}`, nominal: v, score: null })),
  );

  it("computes α and κ exactly as the statistics module does, with n and an interval", () => {
    const r = agreementReport(items, labels, { bootstrapIterations: 200, seed: 1 });
    const coders = [0, 1, 2].map((c) => table.map((row) => row[c]!));
    expect(r.alphaNominal.value).toBeCloseTo(krippendorffAlpha(coders, "nominal"), 12);
    expect(r.fleiss.value).toBeCloseTo(
      fleissKappa(table.map((row) => ["a", "b"].map((c) => row.filter((v) => v === c).length))),
      12,
    );
    expect(r.alphaNominal.n).toBe(6);
    expect(r.alphaNominal.lower!).toBeLessThanOrEqual(r.alphaNominal.value!);
    expect(r.alphaNominal.upper!).toBeGreaterThanOrEqual(r.alphaNominal.value!);
    expect(r.alphaInterval.value).toBeNull();
    expect(r.cohen.kappa[0]![0]).toBe(1);
    expect(r.labelers.find((l) => l.key === "c0")!.withGold).toMatchObject({ value: 1, n: 1 });
    // Labeler 0 agrees with the majority on every item.
    expect(r.labelers.find((l) => l.key === "c0")!.withConsensus.value).toBe(1);
    expect(r.judge.agreement).toMatchObject({ value: 5 / 6, n: 6 });
    expect(r.judge.ece.value).toBeCloseTo(Math.abs(0.8 - 5 / 6), 12);
    // Bootstrap intervals are reproducible with the same seed.
    expect(agreementReport(items, labels, { bootstrapIterations: 200, seed: 1 }).alphaNominal).toEqual(r.alphaNominal);
  });

  it("reports Fleiss' κ only when every item has the same number of labels", () => {
    const r = agreementReport(items, labels.slice(1));
    expect(r.fleiss.value).toBeNull();
    expect(r.fleiss.note).toMatch(/vary/);
  });
});

describe("import formats", () => {
  it("reads PandaLM items with their three annotators and maps the judge's verdicts, keeping garbage as unparseable", () => {
    const rows = [
      {
        idx: 0,
        instruction: "Rewrite",
        input: "x",
        response1: "a",
        response2: true,
        cmp_key: "m1_m2",
        annotator1: 2,
        annotator2: 0,
        annotator3: 1,
      },
      {
        idx: 1,
        instruction: "Add",
        input: "",
        response1: "b",
        response2: "c",
        annotator1: 1,
        annotator2: 1,
        annotator3: 1,
      },
    ];
    const judge = [
      { idx: 0, gpt_result: "Tie" },
      { idx: 1, gpt_result: "garbage" },
    ];
    const parsed = parseImport("pandalm", JSON.stringify(rows), JSON.stringify(judge));
    expect(parsed.kind).toBe("pairwise");
    expect(parsed.items[0]!.labels.map((l) => l.choice)).toEqual(["B", "tie", "A"]);
    expect(parsed.items[0]!.payload).toMatchObject({
      input: "Rewrite\n\nx",
      outputB: "true",
      labelA: "m1",
      labelB: "m2",
    });
    expect(parsed.items[0]!.judge).toMatchObject({ status: "ok", choice: "tie" });
    expect(parsed.items[1]!.judge).toEqual({ status: "unparseable", raw: "garbage" });
  });

  it("refuses a JSONL file with a bad line whole, naming the line", () => {
    const good = JSON.stringify({ input: "q", output: "a", labels: [{ annotator: "x", value: 4 }] });
    const bad = JSON.stringify({ input: "q", output: "a", labels: [{ annotator: "x", value: 9 }] });
    expect(() => parseImport("jsonl", `${good}\n${bad}`)).toThrow(/line 2: "9" is not a pointwise label/);
    expect(parseImport("jsonl", good).items[0]!.labels[0]!.choice).toBe("4");
  });
});
