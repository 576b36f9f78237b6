// The label vocabulary shared by labelers, gold answers, the judge and the agreement figures (pure).
//
// A label row stores what the labeler chose: pointwise the score "1".."5" (or "pass"/"fail" when imported without a
// score) plus a failure category for failing scores; pairwise "A", "B" or "tie". Agreement, consensus, gold and the
// judge comparison all use one nominal value per label: pairwise the choice, pointwise "pass" or the failure
// category (or "fail" when none was given).

export type QueueKind = "pointwise" | "pairwise";

const PAIRWISE_CHOICES = ["A", "B", "tie"] as const;
/** Scores at or above this pass (the judge's 1–5 scale reads the same way). */
const PASSING_SCORE = 3;

export function scoreOf(choice: string): number | null {
  const n = Number(choice);
  return Number.isInteger(n) && n >= 1 && n <= 5 ? n : null;
}

function isPassing(choice: string): boolean {
  const score = scoreOf(choice);
  return score === null ? choice === "pass" : score >= PASSING_SCORE;
}

export function isValidChoice(kind: QueueKind, choice: string): boolean {
  return kind === "pairwise"
    ? (PAIRWISE_CHOICES as readonly string[]).includes(choice)
    : scoreOf(choice) !== null || choice === "pass" || choice === "fail";
}

/** The nominal value of a label: what consensus, gold and the judge comparison count. */
export function nominalOf(kind: QueueKind, choice: string, category: string | null | undefined): string {
  if (kind === "pairwise") return choice;
  return isPassing(choice) ? "pass" : (category ?? "fail");
}

/** The nominal labels a gold answer or an adjudication may take: A/B/tie, or pass and the rubric's failure categories. */
export function nominalVocabulary(kind: QueueKind, failureCategories: readonly string[]): string[] {
  return kind === "pairwise" ? [...PAIRWISE_CHOICES] : ["pass", ...failureCategories, "fail"];
}

/** A judge verdict in the same vocabulary (pointwise: pass, or its failure category). */
export function judgeNominal(pass: boolean, category: string | null): string {
  return pass ? "pass" : (category ?? "fail");
}
