// Bernoulli CUSUM (Reynolds & Stoumbos 1999) (pure): detects a rise of a failure rate from p0 to p1 one observation
// at a time. Each failure adds log(p1/p0), each success adds log((1−p1)/(1−p0)); the sum is floored at 0 and
// signals when it exceeds h.

export interface BernoulliCusumResult {
  /** The sum after each observation. */
  values: number[];
  /** 0-based index of the first observation whose sum exceeds h, or null. */
  alarmIndex: number | null;
}

export function bernoulliCusum(outcomes: readonly boolean[], p0: number, p1: number, h: number): BernoulliCusumResult {
  if (!(p0 > 0 && p0 < 1 && p1 > p0 && p1 < 1)) throw new RangeError("bernoulliCusum needs 0 < p0 < p1 < 1");
  const up = Math.log(p1 / p0);
  const down = Math.log((1 - p1) / (1 - p0));
  const values: number[] = [];
  let s = 0;
  let alarmIndex: number | null = null;
  outcomes.forEach((failed, i) => {
    s = Math.max(0, s + (failed ? up : down));
    values.push(s);
    if (alarmIndex === null && s > h) alarmIndex = i;
  });
  return { values, alarmIndex };
}
