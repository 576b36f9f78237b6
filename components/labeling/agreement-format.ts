// How agreement figures read on screen: value, interval and n; and the Landis & Koch (1977) band for the tone.

export interface FigureLike {
  value: number | null;
  n: number;
  lower?: number | null;
  upper?: number | null;
  note?: string;
}

export const fmtNumber = (x: number | null | undefined, digits = 4) =>
  x === null || x === undefined || !Number.isFinite(x) ? "—" : x.toFixed(digits);

export const fmtShare = (x: number | null | undefined) =>
  x === null || x === undefined ? "—" : `${(x * 100).toFixed(1)}%`;

/** "95% CI 0.81–0.88 · n = 120", or the reason there is no value. */
export function figureHint(f: FigureLike, share = false): string {
  if (f.value === null) return f.note ?? `n = ${f.n}`;
  const fmt = share ? fmtShare : fmtNumber;
  const ci = f.lower != null && f.upper != null ? `95% CI ${fmt(f.lower)}–${fmt(f.upper)} · ` : "";
  return `${ci}n = ${f.n}`;
}

/** Landis & Koch's descriptive bands for κ-like coefficients. */
export function agreementBand(x: number | null): { label: string; tone: "danger" | "warn" | "neutral" | "ok" } {
  if (x === null) return { label: "no data", tone: "neutral" };
  if (x < 0.2) return { label: "slight", tone: "danger" };
  if (x < 0.4) return { label: "fair", tone: "danger" };
  if (x < 0.6) return { label: "moderate", tone: "warn" };
  if (x < 0.8) return { label: "substantial", tone: "ok" };
  return { label: "almost perfect", tone: "ok" };
}

const LABEL_NAMES: Record<string, string> = {
  A: "A better",
  B: "B better",
  tie: "tie",
  pass: "pass",
  fail: "fail",
};
export const labelName = (l: string | null | undefined) => (l ? (LABEL_NAMES[l] ?? l.replace(/_/g, " ")) : "—");
