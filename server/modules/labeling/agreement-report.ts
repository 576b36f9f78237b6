// The disagreement dashboard's figures from stored labels (pure): Krippendorff's α, Fleiss' κ, the pairwise Cohen
// matrix, each labeler against consensus and gold, the category confusion, and the judge against human consensus
// (Cohen's κ and its expected calibration error). Intervals are percentile bootstraps over items with a fixed seed.
import { cohensKappa, fleissKappa, krippendorffAlpha } from "../../stats/agreement";
import { alphaFromCoincidences, unitCoincidences, type AlphaLevel } from "../../stats/coincidence";
import { expectedCalibrationError } from "../../stats/calibration";
import { seededRandom } from "../../stats/random";

export interface ReportLabel {
  itemId: string;
  labelerKey: string;
  labelerName: string;
  nominal: string;
  score: number | null;
}

export interface ReportItem {
  id: string;
  isGold: boolean;
  goldChoice: string | null;
  judgeChoice: string | null;
  judgeStatus: string | null;
  judgeConfidence: number | null;
  /** Majority or adjudicated label; null while open or awaiting adjudication. */
  consensus: string | null;
}

export interface Figure {
  value: number | null;
  n: number;
  lower?: number | null;
  upper?: number | null;
  /** Why there is no value (e.g. "labels per item vary"). */
  note?: string;
}

export interface AgreementReport {
  items: number;
  labeledItems: number;
  labels: number;
  labelers: Array<{
    key: string;
    name: string;
    labels: number;
    withConsensus: Figure;
    withGold: Figure;
  }>;
  alphaNominal: Figure;
  alphaOrdinal: Figure;
  alphaInterval: Figure;
  fleiss: Figure;
  cohen: { labelers: Array<{ key: string; name: string }>; kappa: Array<Array<number | null>>; n: number[][] };
  confusion: { categories: string[]; counts: number[][] };
  judge: { kappa: Figure; ece: Figure; agreement: Figure; unparseable: number; verdicts: number };
}

export interface ReportOptions {
  bootstrapIterations?: number;
  seed?: number;
  confidence?: number;
}

const finite = (x: number) => (Number.isFinite(x) ? x : null);

/** Krippendorff's α (nominal) of a set of labels, with the number of items that have two or more. */
export function nominalAlpha(labels: ReadonlyArray<Pick<ReportLabel, "itemId" | "labelerKey" | "nominal">>): Figure {
  const items = [...new Set(labels.map((l) => l.itemId))];
  const keys = [...new Set(labels.map((l) => l.labelerKey))];
  const at = new Map(labels.map((l) => [`${l.labelerKey}|${l.itemId}`, l.nominal]));
  const data = keys.map((k) => items.map((i) => at.get(`${k}|${i}`) ?? null));
  const n = items.filter((_, u) => data.filter((c) => c[u] !== null).length >= 2).length;
  return { value: n > 0 ? finite(krippendorffAlpha(data, "nominal")) : null, n };
}

/** Percentile bootstrap over items of `statistic(sampleOfItemIndexes)`. */
function bootstrap(
  itemCount: number,
  statistic: (indexes: number[]) => number,
  { bootstrapIterations = 200, seed = 20_261_126, confidence = 0.95 }: ReportOptions,
): { lower: number | null; upper: number | null } {
  if (itemCount < 2 || bootstrapIterations <= 0) return { lower: null, upper: null };
  const random = seededRandom(seed);
  const stats: number[] = [];
  const sample = new Array<number>(itemCount);
  for (let b = 0; b < bootstrapIterations; b++) {
    for (let i = 0; i < itemCount; i++) sample[i] = Math.floor(random() * itemCount);
    const v = statistic(sample);
    if (Number.isFinite(v)) stats.push(v);
  }
  if (stats.length < bootstrapIterations / 2) return { lower: null, upper: null };
  stats.sort((a, b) => a - b);
  const tail = (1 - confidence) / 2;
  const at = (q: number) => stats[Math.min(stats.length - 1, Math.max(0, Math.floor(q * stats.length)))]!;
  return { lower: at(tail), upper: at(1 - tail) };
}

export function agreementReport(
  items: readonly ReportItem[],
  labels: readonly ReportLabel[],
  options: ReportOptions = {},
): AgreementReport {
  const itemIndex = new Map(items.map((it, i) => [it.id, i]));
  const labelerKeys = [...new Set(labels.map((l) => l.labelerKey))].sort();
  const names = new Map(labels.map((l) => [l.labelerKey, l.labelerName]));
  const coderIndex = new Map(labelerKeys.map((k, i) => [k, i]));
  // data[coder][unit], the layout Krippendorff's α takes.
  const nominal: Array<Array<string | null>> = labelerKeys.map(() => new Array<string | null>(items.length).fill(null));
  const scores: Array<Array<number | null>> = labelerKeys.map(() => new Array<number | null>(items.length).fill(null));
  for (const l of labels) {
    const u = itemIndex.get(l.itemId);
    const c = coderIndex.get(l.labelerKey);
    if (u === undefined || c === undefined) continue;
    nominal[c]![u] = l.nominal;
    scores[c]![u] = l.score;
  }
  const perItem = items.map((_, u) => nominal.map((coder) => coder[u]!).filter((v): v is string => v !== null));
  const multi = perItem.map((v, u) => (v.length >= 2 ? u : -1)).filter((u) => u >= 0);

  // α and its bootstrap from per-unit coincidences: a resample re-adds the drawn units' shares (k × k each), so the
  // 200 resamples cost little more than the point estimate.
  const alphaOn = (data: Array<Array<string | number | null>>, level: AlphaLevel): Figure => {
    const { categories: cats, units } = unitCoincidences(data);
    if (units.length === 0) return { value: null, n: 0, note: "no item has two labels yet" };
    const k = cats.length;
    // Flat, typed copies of the units' cells: the resampling loop runs millions of times.
    const start = new Int32Array(units.length + 1);
    units.forEach((u, i) => (start[i + 1] = start[i]! + u.length));
    const cell = new Int32Array(start[units.length]!);
    const weight = new Float64Array(start[units.length]!);
    units.forEach((u, i) =>
      u.forEach(([c, kk, w], j) => {
        cell[start[i]! + j] = c * k + kk;
        weight[start[i]! + j] = w;
      }),
    );
    const flat = new Float64Array(k * k);
    const alphaOf = (idx: number[]) => {
      flat.fill(0);
      for (const i of idx) for (let j = start[i]!; j < start[i + 1]!; j++) flat[cell[j]!]! += weight[j]!;
      const o = Array.from({ length: k }, (_, c) => Array.from(flat.subarray(c * k, (c + 1) * k)));
      return alphaFromCoincidences(o, cats, level);
    };
    const value = finite(alphaOf(units.map((_, i) => i)));
    return { value, n: units.length, ...bootstrap(units.length, alphaOf, options) };
  };

  const categories = [...new Set(labels.map((l) => l.nominal))].sort();
  const fleiss = (): Figure => {
    if (multi.length === 0) return { value: null, n: 0, note: "no item has two labels yet" };
    const sizes = new Set(multi.map((u) => perItem[u]!.length));
    if (sizes.size > 1) {
      return { value: null, n: multi.length, note: `labels per item vary (${[...sizes].sort().join(", ")})` };
    }
    const counts = multi.map((u) => categories.map((c) => perItem[u]!.filter((v) => v === c).length));
    const value = finite(fleissKappa(counts));
    const ci = bootstrap(counts.length, (s) => fleissKappa(s.map((i) => counts[i]!)), options);
    return { value, n: counts.length, ...ci };
  };

  // Pairwise Cohen's κ between labelers, on the items both labeled.
  const kappa = labelerKeys.map(() => new Array<number | null>(labelerKeys.length).fill(null));
  const pairN = labelerKeys.map(() => new Array<number>(labelerKeys.length).fill(0));
  for (let a = 0; a < labelerKeys.length; a++) {
    for (let b = a; b < labelerKeys.length; b++) {
      const both = items.map((_, u) => u).filter((u) => nominal[a]![u] !== null && nominal[b]![u] !== null);
      pairN[a]![b] = pairN[b]![a] = both.length;
      if (a === b) {
        kappa[a]![b] = both.length > 0 ? 1 : null;
        continue;
      }
      const k =
        both.length >= 2
          ? finite(
              cohensKappa(
                both.map((u) => nominal[a]![u]!),
                both.map((u) => nominal[b]![u]!),
              ),
            )
          : null;
      kappa[a]![b] = kappa[b]![a] = k;
    }
  }

  const truth = items.map((it) => it.consensus ?? (it.isGold || it.goldChoice !== null ? it.goldChoice : null));
  const share = (pairs: Array<[string, string]>): Figure => {
    const hits = pairs.map(([x, y]) => (x === y ? 1 : 0));
    if (hits.length === 0) return { value: null, n: 0 };
    const mean = (idx: number[]) => idx.reduce((s, i) => s + hits[i]!, 0) / idx.length;
    return { value: mean(hits.map((_, i) => i)), n: hits.length, ...bootstrap(hits.length, mean, options) };
  };

  const labelers = labelerKeys.map((key, c) => {
    const mine = items.map((it, u) => ({ it, u, v: nominal[c]![u] })).filter((x) => x.v !== null);
    return {
      key,
      name: names.get(key) ?? key,
      labels: mine.length,
      withConsensus: share(
        mine.filter((x) => x.it.consensus !== null).map((x) => [x.v!, x.it.consensus!] as [string, string]),
      ),
      withGold: share(
        mine.filter((x) => x.it.goldChoice !== null).map((x) => [x.v!, x.it.goldChoice!] as [string, string]),
      ),
    };
  });

  const confusionCategories = [...new Set([...categories, ...truth.filter((t): t is string => t !== null)])].sort();
  const cIndex = new Map(confusionCategories.map((c, i) => [c, i]));
  const confusion = confusionCategories.map(() => new Array<number>(confusionCategories.length).fill(0));
  for (const l of labels) {
    const u = itemIndex.get(l.itemId);
    const t = u === undefined ? null : truth[u];
    if (t == null) continue;
    confusion[cIndex.get(t)!]![cIndex.get(l.nominal)!]!++;
  }

  // The judge against human consensus (or the gold answer where there are no human labels).
  const judged = items
    .map((it, u) => ({ it, t: truth[u] }))
    .filter((x) => x.it.judgeStatus === "ok" && x.it.judgeChoice !== null && x.t !== null);
  const judgeCategories = [...new Set(judged.flatMap((x) => [x.it.judgeChoice!, x.t!]))].sort();
  const judgeKappa = (idx: number[]) =>
    cohensKappa(
      idx.map((i) => judged[i]!.it.judgeChoice!),
      idx.map((i) => judged[i]!.t!),
      { categories: judgeCategories },
    );
  const withConfidence = judged.filter((x) => x.it.judgeConfidence !== null);
  const ece = (idx: number[]) =>
    expectedCalibrationError(
      idx.map((i) => withConfidence[i]!.it.judgeConfidence!),
      idx.map((i) => withConfidence[i]!.it.judgeChoice === withConfidence[i]!.t),
    );
  const all = (n: number) => Array.from({ length: n }, (_, i) => i);

  return {
    items: items.length,
    labeledItems: perItem.filter((v) => v.length > 0).length,
    labels: labels.length,
    labelers,
    alphaNominal: alphaOn(nominal, "nominal"),
    alphaOrdinal: alphaOn(scores, "ordinal"),
    alphaInterval: alphaOn(scores, "interval"),
    fleiss: fleiss(),
    cohen: { labelers: labelerKeys.map((key) => ({ key, name: names.get(key) ?? key })), kappa, n: pairN },
    confusion: { categories: confusionCategories, counts: confusion },
    judge: {
      kappa:
        judged.length >= 2
          ? {
              value: finite(judgeKappa(all(judged.length))),
              n: judged.length,
              ...bootstrap(judged.length, judgeKappa, options),
            }
          : { value: null, n: judged.length },
      ece:
        withConfidence.length >= 1
          ? {
              value: ece(all(withConfidence.length)),
              n: withConfidence.length,
              ...bootstrap(withConfidence.length, ece, options),
            }
          : { value: null, n: 0, note: "the judge gave no confidences" },
      agreement: share(judged.map((x) => [x.it.judgeChoice!, x.t!] as [string, string])),
      unparseable: items.filter((it) => it.judgeStatus === "unparseable").length,
      verdicts: items.filter((it) => it.judgeStatus !== null).length,
    },
  };
}
