// `npm run sim:gates`: the shadow decision on simulated paired verdicts, many runs at once. It drives the product's
// own decision code (decisionSummary → evaluateGates → decide, as the `shadow-gates` job does) with the standard
// default settings under an automatic policy (no approval needed), looking every `--look-every` pairs as the job
// looks every few seconds. Pairs arrive in random order: a share in the incident's slice, the rest spread over five
// topics. Within a pair, production's and the candidate's verdicts are drawn from their failure rates, independent
// unless --corr gives them a correlation (Gaussian copula).
//
//   npm run sim:gates -- --runs 400 --seed 1 --fix 0.5 --harm 0 [--slice-share 0.3] [--base-fail-slice 0.5]
//     [--base-fail-rest 0.15] [--max-pairs 5000] [--corr 0] [--look-every 10]
//
// --fix: relative reduction of the slice's failure rate (0.5 = halved); --harm: absolute increase of the rest's
// failure rate (0.1 = ten points). A run ends at the first decision or at --max-pairs (undecided; it counts as
// max pairs in the median). Last line: GATES runs=… promoted=… rejected=… undecided=… median_pairs_to_decision=…
import { parseArgs } from "node:util";
import { normalQuantile } from "../../server/stats/normal";
import { normal, seededRandom } from "../../server/stats/random";
import { STANDARD_SETTINGS } from "../../server/modules/settings/settings-profiles";
import { decisionSummary, type DecisionPair } from "../../server/modules/shadow/comparison";
import { decide, evaluateGates, policyFrom } from "../../server/modules/shadow/gates";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "400" },
    seed: { type: "string", default: "1" },
    fix: { type: "string", default: "0" },
    harm: { type: "string", default: "0" },
    "slice-share": { type: "string", default: "0.3" },
    "base-fail-slice": { type: "string", default: "0.5" },
    "base-fail-rest": { type: "string", default: "0.15" },
    "max-pairs": { type: "string", default: "5000" },
    corr: { type: "string", default: "0" },
    "look-every": { type: "string", default: "10" },
    help: { type: "boolean", default: false },
  },
});
if (values.help) {
  console.log(
    "npm run sim:gates -- --runs N --seed S --fix F --harm H [--slice-share 0.3] [--base-fail-slice 0.5] " +
      "[--base-fail-rest 0.15] [--max-pairs M] [--corr ρ] [--look-every 10]",
  );
  process.exit(0);
}
const num = (name: keyof typeof values) => {
  const v = Number(values[name]);
  if (!Number.isFinite(v)) {
    console.error(`--${name} must be a number (got ${String(values[name])})`);
    process.exit(2);
  }
  return v;
};
const runs = num("runs");
const seed = num("seed");
const fix = num("fix");
const harm = num("harm");
const sliceShare = num("slice-share");
const baseFailSlice = num("base-fail-slice");
const baseFailRest = num("base-fail-rest");
const maxPairs = num("max-pairs");
const corr = num("corr");
const lookEvery = Math.max(1, Math.round(num("look-every")));
for (const [name, v] of Object.entries({ fix, sliceShare, baseFailSlice, baseFailRest, corr })) {
  if (v < 0 || v > 1) {
    console.error(`${name} must lie in [0, 1]`);
    process.exit(2);
  }
}

const shadow = { ...STANDARD_SETTINGS.shadow, requiredApprovals: 0 };
const { policy, comparison } = policyFrom(shadow);
const REST_TOPICS = ["rest-1", "rest-2", "rest-3", "rest-4", "rest-5"];
const clamp = (p: number) => Math.min(0.999, Math.max(0.001, p));

/** Fails with probability p, correlated with the other arm through a Gaussian copula. */
function verdicts(random: () => number, pProduction: number, pCandidate: number) {
  const z1 = normal(random);
  const z2 = corr * z1 + Math.sqrt(1 - corr * corr) * normal(random);
  return {
    productionPass: !(z1 < normalQuantile(clamp(pProduction))),
    shadowPass: !(z2 < normalQuantile(clamp(pCandidate))),
  };
}

const outcomes = { promote: 0, reject: 0, undecided: 0 };
const rules = new Map<string, number>();
const pairsAt: number[] = [];
const t0 = performance.now();
for (let run = 0; run < runs; run++) {
  const random = seededRandom(seed * 1_000_003 + run);
  const pairs: DecisionPair[] = [];
  let ended = false;
  while (pairs.length < maxPairs) {
    const inSlice = random() < sliceShare;
    const v = inSlice
      ? verdicts(random, baseFailSlice, baseFailSlice * (1 - fix))
      : verdicts(random, baseFailRest, baseFailRest + harm);
    pairs.push({
      topicId: inSlice ? "slice" : REST_TOPICS[Math.floor(random() * REST_TOPICS.length)]!,
      inSlice,
      ...v,
    });
    if (pairs.length % lookEvery !== 0) continue;
    const summary = decisionSummary(pairs, { ...comparison, hasSlice: true });
    const gates = evaluateGates({ summary, alertingRules: [], approvals: 0 }, policy);
    const decision = decide(summary, gates, policy);
    if (decision.action === "wait") continue;
    outcomes[decision.action]++;
    rules.set(decision.rule!, (rules.get(decision.rule!) ?? 0) + 1);
    pairsAt.push(pairs.length);
    ended = true;
    break;
  }
  if (!ended) {
    outcomes.undecided++;
    pairsAt.push(maxPairs);
  }
}
pairsAt.sort((a, b) => a - b);
const median =
  pairsAt.length % 2
    ? pairsAt[(pairsAt.length - 1) / 2]!
    : (pairsAt[pairsAt.length / 2 - 1]! + pairsAt[pairsAt.length / 2]!) / 2;
console.log(
  `policy: α ${policy.alpha}, min pairs ${policy.minPairedSamples}, margin δ ${policy.nonInferiorityMargin}, ` +
    `min worthwhile ${policy.minWorthwhileImprovement}, max slice pairs ${policy.maxSlicePairs}; ` +
    `world: fix ${fix}, harm ${harm}, slice share ${sliceShare}, fail ${baseFailSlice}/${baseFailRest}, corr ${corr}`,
);
console.log(`rules: ${[...rules].map(([r, k]) => `${r}=${k}`).join(" ") || "none"}`);
console.log(`elapsed ${((performance.now() - t0) / 1000).toFixed(1)} s`);
console.log(
  `GATES runs=${runs} promoted=${outcomes.promote} rejected=${outcomes.reject} undecided=${outcomes.undecided} ` +
    `median_pairs_to_decision=${median}`,
);
