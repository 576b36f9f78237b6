import { describe, expect, it } from "vitest";
import { FRESH, applyKey, foldKeys } from "./workbench-keys";

const pointwise = { kind: "pointwise" as const, categories: ["incorrect", "incomplete"], hasItem: true };

describe("workbench keys", () => {
  it("score, then a failing score's category by number, then Enter submits", () => {
    const two = applyKey(FRESH, "2", pointwise).selection;
    expect(two).toEqual({ step: "category", choice: "2", category: null });
    const cat = applyKey(two, "1", pointwise).selection;
    expect(cat).toEqual({ step: "category", choice: "2", category: "incorrect" });
    expect(applyKey(cat, "enter", pointwise).action).toEqual({ kind: "submit" });
    expect(applyKey(FRESH, "s", pointwise).selection.step).toBe("skip");
    expect(applyKey({ ...FRESH, step: "skip" }, "2", pointwise).action).toEqual({
      kind: "skip",
      reason: "Needs expertise I don't have",
    });
  });

  it("folds keys typed ahead over the next item's fresh selection, up to the first action", () => {
    // "2", "1", Enter, "5" typed while the previous label was saving: score 2 · incorrect submitted, "5" waits.
    expect(foldKeys(["2", "1", "enter", "5"], pointwise)).toEqual({
      selection: { step: "category", choice: "2", category: "incorrect" },
      action: { kind: "submit" },
      rest: ["5"],
    });
    expect(foldKeys(["4"], pointwise)).toEqual({ selection: { ...FRESH, choice: "4" }, action: null, rest: [] });
    // Nothing on screen: scores do nothing; Enter and U still ask.
    expect(foldKeys(["4", "enter"], { ...pointwise, hasItem: false }).selection).toEqual(FRESH);
  });
});
