// `npm run bench:stats`: Krippendorff's α (nominal and interval) and Fleiss' κ on 20,000 items × 5 labelers with 10 %
// of the labels missing (Fleiss' κ needs a constant number of labels per item, so it gets the complete table).
// Median of 7 runs after a warm-up; the target is under 100 ms each on the 2-core development machine.
import { fleissKappa, krippendorffAlpha } from "../../server/stats/agreement";
import { seededRandom } from "../../server/stats/random";

const ITEMS = 20_000;
const LABELERS = 5;
const CATEGORIES = 5;
const RUNS = 7;

const random = seededRandom(42);
// Each item has a true score; labelers agree with it most of the time.
const truth = Array.from({ length: ITEMS }, () => 1 + Math.floor(random() * CATEGORIES));
const complete = Array.from({ length: LABELERS }, () =>
  truth.map((t) => (random() < 0.75 ? t : 1 + Math.floor(random() * CATEGORIES))),
);
const withMissing = complete.map((coder) => coder.map((v) => (random() < 0.1 ? null : v)));
const counts = truth.map((_, u) =>
  Array.from({ length: CATEGORIES }, (_, c) => complete.filter((coder) => coder[u] === c + 1).length),
);

function median(task: () => number): { ms: number; value: number } {
  let value = task();
  const times: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    value = task();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(RUNS / 2)]!, value };
}

const nominal = median(() => krippendorffAlpha(withMissing, "nominal"));
const interval = median(() => krippendorffAlpha(withMissing, "interval"));
const fleiss = median(() => fleissKappa(counts));
console.log(`items=${ITEMS} labelers=${LABELERS} missing=10% runs=${RUNS} (median)`);
console.log(`alpha nominal  = ${nominal.value.toFixed(4)}  in ${nominal.ms.toFixed(1)} ms`);
console.log(`alpha interval = ${interval.value.toFixed(4)}  in ${interval.ms.toFixed(1)} ms`);
console.log(`fleiss kappa   = ${fleiss.value.toFixed(4)}  in ${fleiss.ms.toFixed(1)} ms`);
console.log(`target: < 100 ms each → ${[nominal, interval, fleiss].every((x) => x.ms < 100) ? "met" : "NOT met"}`);
console.log(
  `BENCH stats alpha_nominal_ms=${nominal.ms.toFixed(1)} alpha_interval_ms=${interval.ms.toFixed(1)} fleiss_ms=${fleiss.ms.toFixed(1)}`,
);
