// `npm run bench:topics`: one re-clustering (the pure part the worker runs per project) on the most points it reads,
// 5,000 queries × 512-d embeddings around 40 topics, against 1,000 queries: time and the cost ratio (k-means is
// linear in points, so the ratio should stay near 5). Median of 5 runs after a warm-up.
import { normal, seededRandom } from "../../server/stats/random";
import { recluster, type ClusterPoint } from "../../server/modules/topics/clustering";

const DIM = 512;
const TOPICS = 40;
const RUNS = 5;
const random = seededRandom(7);
const centers = Array.from({ length: TOPICS }, () => Array.from({ length: DIM }, () => normal(random)));
const words = ["refund", "invoice", "login", "export", "webhook", "plan", "team", "card", "sso", "api"];

function world(n: number): { points: ClusterPoint[]; topics: Array<{ id: string; centroid: number[] }> } {
  const points = Array.from({ length: n }, (_, i) => {
    const t = i % TOPICS;
    return {
      id: `p${i}`,
      embedding: centers[t]!.map((c) => c + 0.6 * normal(random)),
      text: `${words[t % words.length]} question ${words[(t * 3) % words.length]} ${i}`,
      topicId: `t${t}`,
    };
  });
  return { points, topics: centers.map((c, t) => ({ id: `t${t}`, centroid: c })) };
}

function median(n: number) {
  const { points, topics } = world(n);
  const options = { minSimilarity: 0.6, mergeSimilarity: 0.85, minClusterSize: 3 };
  recluster(points, topics, options);
  const times: number[] = [];
  let iterations = 0;
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    iterations = recluster(points, topics, options).iterations;
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(RUNS / 2)]!, iterations };
}

const small = median(1000);
const large = median(5000);
console.log(`dim=${DIM} topics=${TOPICS} runs=${RUNS} (median)`);
console.log(`1,000 points: ${small.ms.toFixed(0)} ms (${small.iterations} iterations)`);
console.log(`5,000 points: ${large.ms.toFixed(0)} ms (${large.iterations} iterations)`);
console.log(`ratio 5,000 / 1,000 = ${(large.ms / small.ms).toFixed(2)} (linear would be 5.00)`);
