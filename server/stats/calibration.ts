// Calibration of a judge's confidence (pure).

/**
 * Expected calibration error: top-label confidences in equal-width bins over [0, 1] (a confidence of exactly 1 falls
 * in the last bin), each bin weighted by its share of items, L1 distance between accuracy and mean confidence.
 */
export function expectedCalibrationError(confidences: number[], correct: boolean[], bins = 10): number {
  if (confidences.length !== correct.length) throw new RangeError("confidences and correct differ in length");
  if (confidences.length === 0) return Number.NaN;
  const count = new Array<number>(bins).fill(0);
  const confSum = new Array<number>(bins).fill(0);
  const rightSum = new Array<number>(bins).fill(0);
  confidences.forEach((c, i) => {
    if (!(c >= 0 && c <= 1)) throw new RangeError("confidences must be in [0, 1]");
    const b = Math.min(bins - 1, Math.floor(c * bins));
    count[b]!++;
    confSum[b]! += c;
    if (correct[i]) rightSum[b]!++;
  });
  let ece = 0;
  for (let b = 0; b < bins; b++) {
    if (count[b] === 0) continue;
    ece += (count[b]! / confidences.length) * Math.abs(rightSum[b]! / count[b]! - confSum[b]! / count[b]!);
  }
  return ece;
}

/** Brier score: mean squared difference between predicted probabilities and outcomes (0/1). */
export function brierScore(probabilities: number[], outcomes: Array<boolean | number>): number {
  if (probabilities.length !== outcomes.length) throw new RangeError("probabilities and outcomes differ in length");
  if (probabilities.length === 0) return Number.NaN;
  return probabilities.reduce((s, p, i) => s + (p - Number(outcomes[i])) ** 2, 0) / probabilities.length;
}
