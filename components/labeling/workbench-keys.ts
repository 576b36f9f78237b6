// The workbench's keyboard (pure): what one key does to the selection on screen, and what it asks for. Keys typed
// while a label is being saved belong to the next item; they are folded over that item's fresh selection here, in
// one go, once it is on screen — no key ever lands on the item just submitted, whatever the timing.

type Step = "choose" | "category" | "skip";
export interface Selection {
  step: Step;
  choice: string | null;
  category: string | null;
}
export type KeyAction =
  { kind: "submit" } | { kind: "skip"; reason: string } | { kind: "undo" } | { kind: "rationale" };

export const FRESH: Selection = { step: "choose", choice: null, category: null };
export const SCORES = ["1", "2", "3", "4", "5"];
export const PAIRWISE = [
  { key: "1", choice: "A", label: "A is better" },
  { key: "2", choice: "B", label: "B is better" },
  { key: "3", choice: "tie", label: "Tie" },
];
export const SKIP_REASONS = [
  "The question is unclear",
  "Needs expertise I don't have",
  "The item is broken or empty",
  "Other",
];

export interface KeyContext {
  kind: "pointwise" | "pairwise";
  categories: readonly string[];
  hasItem: boolean;
}

/** One key (lower case): the selection after it, the action it asks for, and whether it was a workbench key. */
export function applyKey(
  s: Selection,
  key: string,
  ctx: KeyContext,
): { selection: Selection; action: KeyAction | null; handled: boolean } {
  const keep = (selection: Selection, handled = true) => ({ selection, action: null, handled });
  if (s.step === "skip") {
    const n = Number(key);
    if (n >= 1 && n <= SKIP_REASONS.length)
      return { selection: s, action: { kind: "skip", reason: SKIP_REASONS[n - 1]! }, handled: true };
    return keep(key === "escape" ? { ...s, step: "choose" } : s);
  }
  if (key === "enter") return { selection: s, action: { kind: "submit" }, handled: true };
  if (key === "u") return { selection: s, action: { kind: "undo" }, handled: true };
  if (!ctx.hasItem) return keep(s, false);
  if (key === "s") return keep({ ...s, step: "skip" });
  if (key === "r") return { selection: s, action: { kind: "rationale" }, handled: true };
  if (s.step === "category") {
    const n = Number(key);
    if (n >= 1 && n <= ctx.categories.length) return keep({ ...s, category: ctx.categories[n - 1]! });
    return keep(key === "backspace" || key === "escape" ? { ...s, step: "choose" } : s);
  }
  if (ctx.kind === "pairwise") {
    const option = PAIRWISE.find((o) => o.key === key) ?? (key === "0" ? PAIRWISE[2] : undefined);
    return keep(option ? { ...s, choice: option.choice } : s, false);
  }
  if (SCORES.includes(key)) {
    const fails = Number(key) < 3 && ctx.categories.length > 0;
    return keep({ step: fails ? "category" : "choose", choice: key, category: null }, false);
  }
  return keep(s, false);
}

/**
 * Keys typed ahead, folded over a fresh item's selection up to the first action: the selection to show, the action
 * to take with it (null: none yet), and the keys left for after that action.
 */
export function foldKeys(keys: readonly string[], ctx: KeyContext) {
  let selection = FRESH;
  for (let i = 0; i < keys.length; i++) {
    const r = applyKey(selection, keys[i]!, ctx);
    selection = r.selection;
    if (r.action) return { selection, action: r.action, rest: keys.slice(i + 1) };
  }
  return { selection, action: null, rest: [] as string[] };
}
