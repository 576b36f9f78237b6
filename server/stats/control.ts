// Control charts for quality metrics (pure). Montgomery, Introduction to Statistical Quality Control, ch. 9.

export interface CusumOptions {
  /** Target mean. */
  mu0: number;
  /** Process standard deviation. */
  sigma: number;
  /** Reference value K in σ units (half the shift to detect, usually 0.5). */
  k: number;
  /** Decision interval H in σ units (usually 4 or 5). */
  h: number;
}

export interface CusumResult {
  /** C⁺ after each value. */
  upper: number[];
  /** C⁻ after each value. */
  lower: number[];
  /** 0-based index of the first value whose C⁺ or C⁻ exceeds Hσ, or null. */
  alarmIndex: number | null;
}

/**
 * Tabular CUSUM: C⁺ₜ = max(0, xₜ − (μ₀ + Kσ) + C⁺ₜ₋₁), C⁻ₜ = max(0, (μ₀ − Kσ) − xₜ + C⁻ₜ₋₁), starting at 0, with
 * no reset after an alarm.
 */
export function tabularCusum(values: readonly number[], { mu0, sigma, k, h }: CusumOptions): CusumResult {
  if (!(sigma > 0)) throw new RangeError("sigma must be positive");
  const upper: number[] = [];
  const lower: number[] = [];
  let cPlus = 0;
  let cMinus = 0;
  let alarmIndex: number | null = null;
  values.forEach((x, i) => {
    cPlus = Math.max(0, x - (mu0 + k * sigma) + cPlus);
    cMinus = Math.max(0, mu0 - k * sigma - x + cMinus);
    upper.push(cPlus);
    lower.push(cMinus);
    if (alarmIndex === null && (cPlus > h * sigma || cMinus > h * sigma)) alarmIndex = i;
  });
  return { upper, lower, alarmIndex };
}

/** Exponentially weighted moving average zₜ = λxₜ + (1 − λ)zₜ₋₁, with z₀ = start (default: the first value). */
export function ewma(values: readonly number[], lambda: number, start?: number): number[] {
  if (!(lambda > 0 && lambda <= 1)) throw new RangeError("lambda must be in (0, 1]");
  const out: number[] = [];
  let z = start ?? values[0] ?? 0;
  for (const x of values) {
    z = lambda * x + (1 - lambda) * z;
    out.push(z);
  }
  return out;
}

/**
 * EWMA control limits after t observations: μ₀ ± Lσ·sqrt(λ/(2−λ) · (1 − (1−λ)^(2t))) (Montgomery eq. 9.22–9.23).
 */
export function ewmaLimits(
  t: number,
  { mu0, sigma, lambda, L }: { mu0: number; sigma: number; lambda: number; L: number },
): { lower: number; upper: number } {
  const half = L * sigma * Math.sqrt((lambda / (2 - lambda)) * (1 - (1 - lambda) ** (2 * t)));
  return { lower: mu0 - half, upper: mu0 + half };
}
