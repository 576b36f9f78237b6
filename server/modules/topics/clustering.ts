// Periodic re-clustering of a project's topics (pure). Incremental assignment (signals) puts each query in the
// nearest topic or opens a new one; over time centroids drift, near-duplicate topics appear and one-off queries
// leave tiny topics. Re-clustering fixes that on a window of recent queries:
//   1. spherical k-means seeded with the existing topics (their identity is kept; a query below the similarity
//      floor of every centroid is an outlier),
//   2. outliers grouped by leader clustering into new topics,
//   3. topics whose centroids are nearly the same merged (the smaller into the larger), and topics smaller than
//      the minimum size merged into their nearest topic when it is close enough,
//   4. every topic named by its distinctive terms (class-based TF-IDF, as BERTopic does).
// A launch needs more than similarity: its question families can sit far apart in embedding space and close to an
// old topic phrased alike. So the words far more frequent since the last run than before (a new subject's: "SSO",
// "Okta") hold it together: topics that speak them merge, and a query in them joins an established topic only when
// it is very close (`semanticOnlySimilarity`).
import { tokens } from "../signals/text";
import { TOPIC_TERMS } from "./assignment";

export interface ClusterPoint {
  id: string;
  embedding: readonly number[];
  text: string;
  /** The topic it is in now (null: none yet). */
  topicId: string | null;
  /** Asked since the last re-clustering. */
  recent?: boolean;
}

export interface ExistingTopic {
  id: string;
  centroid: readonly number[];
}

export interface ReclusterOptions {
  /** A query joins a topic at or above this cosine similarity (the incremental assignment's threshold). */
  minSimilarity: number;
  /**
   * A query in a new subject's words (far more frequent since the last run than before: "SSO", "Okta") joins an
   * established topic only at or above this similarity (default 1: never below identity).
   */
  semanticOnlySimilarity?: number;
  /** Two topics whose centroids are at least this similar become one. */
  mergeSimilarity: number;
  /** A topic with fewer queries in the window is merged into its nearest topic when that is ≥ minSimilarity. */
  minClusterSize: number;
  maxIterations?: number;
  termsPerTopic?: number;
}

interface Cluster {
  /** An existing topic's id, or "new:<n>" for a topic this run opens. */
  key: string;
  existing: boolean;
  centroid: number[];
  /** Indexes into the points. */
  members: number[];
  terms: string[];
}

export interface ReclusterResult {
  clusters: Cluster[];
  /** Point index → cluster key. */
  assignment: string[];
  merges: Array<{ from: string; into: string; reason: "similar" | "small" | "new_words"; similarity: number }>;
  iterations: number;
}

type Vec = Float64Array;

function unit(v: readonly number[]): Vec {
  const out = Float64Array.from(v);
  let norm = 0;
  for (const x of out) norm += x * x;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < out.length; i++) out[i]! /= norm;
  return out;
}

function dot(a: Vec, b: Vec): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** The normalised mean of the members (the spherical k-means centroid), or null for no members. */
function meanOf(vectors: Vec[], members: number[]): Vec | null {
  if (members.length === 0) return null;
  const sum = new Float64Array(vectors[members[0]!]!.length);
  for (const m of members) {
    const v = vectors[m]!;
    for (let i = 0; i < sum.length; i++) sum[i]! += v[i]!;
  }
  return unit(Array.from(sum));
}

interface Working {
  key: string;
  existing: boolean;
  /** Most of its queries were asked before the last run (false: young, perhaps a new subject's). */
  established: boolean;
  centroid: Vec;
  members: number[];
  /** Merged into another. */
  gone: boolean;
}

function nearest(v: Vec, clusters: Working[], skip?: Working): { cluster: Working; similarity: number } | null {
  let best: { cluster: Working; similarity: number } | null = null;
  for (const c of clusters) {
    if (c === skip) continue;
    const similarity = dot(v, c.centroid);
    if (!best || similarity > best.similarity) best = { cluster: c, similarity };
  }
  return best;
}

/** The new subject's words a topic speaks: used by at least a fifth of its queries (and two of them). */
function spokenWords(c: Working, novel: ReadonlyArray<ReadonlySet<string>>): Set<string> {
  const counts = new Map<string, number>();
  for (const m of c.members) for (const w of novel[m]!) counts.set(w, (counts.get(w) ?? 0) + 1);
  return new Set([...counts].filter(([, n]) => n >= 2 && n * 5 >= c.members.length).map(([w]) => w));
}

/**
 * Assigns every point to its nearest centroid at or above the floor. A point in a new subject's words goes to the
 * topic that speaks them when it is above the floor, else to a young topic, or to an established one only at or
 * above `semanticOnly`. Returns the outliers' indexes.
 */
function assign(
  vectors: Vec[],
  novel: ReadonlyArray<ReadonlySet<string>>,
  clusters: Working[],
  floor: number,
  semanticOnly: number,
): number[] {
  // The new words each topic speaks, from its members before this pass.
  const speaks = new Map(clusters.map((c) => [c, spokenWords(c, novel)]));
  for (const c of clusters) c.members = [];
  const outliers: number[] = [];
  vectors.forEach((v, i) => {
    const words = novel[i]!;
    const candidates = (only: (c: Working) => boolean) => {
      let best: { cluster: Working; similarity: number } | null = null;
      for (const c of clusters) {
        if (!only(c)) continue;
        const similarity = dot(v, c.centroid);
        if (similarity >= floor && (!best || similarity > best.similarity)) best = { cluster: c, similarity };
      }
      return best;
    };
    const best =
      words.size === 0
        ? candidates(() => true)
        : (candidates((c) => [...(speaks.get(c) ?? [])].some((w) => words.has(w))) ??
          candidates((c) => !c.established || dot(v, c.centroid) >= semanticOnly));
    if (best) best.cluster.members.push(i);
    else outliers.push(i);
  });
  return outliers;
}

/**
 * Per point, the words of its query that belong to a new subject: at least five times as frequent among the queries
 * asked since the last run as among the older ones, and in two recent queries or more. Counting by frequency, not
 * mere presence, lets a new subject's word stay new although a few of its queries were filed under an old topic
 * online. Numbers and short words never count; without at least 50 older queries nothing is new (a first run).
 */
function novelWords(points: readonly ClusterPoint[]): Array<Set<string>> {
  const words = points.map((p) => new Set(tokens(p.text).filter((t) => t.length > 2 && !/\d/.test(t))));
  const inRecent = new Map<string, number>();
  const inOld = new Map<string, number>();
  let recentPoints = 0;
  let oldPoints = 0;
  points.forEach((p, i) => {
    if (p.recent) recentPoints++;
    else oldPoints++;
    const counts = p.recent ? inRecent : inOld;
    for (const w of words[i]!) counts.set(w, (counts.get(w) ?? 0) + 1);
  });
  if (oldPoints < 50) return words.map(() => new Set());
  const isNew = (w: string) => {
    const n = inRecent.get(w) ?? 0;
    return n >= 2 && n / recentPoints >= (5 * (inOld.get(w) ?? 0)) / oldPoints;
  };
  return words.map((ws) => new Set([...ws].filter(isNew)));
}

/** Class-based TF-IDF: a term's frequency in the topic × log(1 + average terms per topic / its frequency overall). */
export function distinctiveTerms(groups: string[][], k = 5): string[][] {
  const counts = groups.map((texts) => {
    const c = new Map<string, number>();
    for (const text of texts) for (const t of new Set(tokens(text))) if (t.length > 2) c.set(t, (c.get(t) ?? 0) + 1);
    return c;
  });
  const overall = new Map<string, number>();
  let totalTerms = 0;
  for (const c of counts)
    for (const [t, n] of c) {
      overall.set(t, (overall.get(t) ?? 0) + n);
      totalTerms += n;
    }
  const average = groups.length > 0 ? totalTerms / groups.length : 0;
  return counts.map((c) => {
    const size = [...c.values()].reduce((a, b) => a + b, 0);
    return [...c]
      .map(([t, n]) => ({ t, n, w: (n / size) * Math.log(1 + average / overall.get(t)!) }))
      .filter((x) => x.n >= 2 || c.size <= k) // a word seen once in a big topic names nothing
      .sort((a, b) => b.w - a.w || b.n - a.n || (a.t < b.t ? -1 : 1))
      .slice(0, k)
      .map((x) => x.t);
  });
}

export function recluster(
  points: readonly ClusterPoint[],
  topics: readonly ExistingTopic[],
  options: ReclusterOptions,
): ReclusterResult {
  const maxIterations = options.maxIterations ?? 10;
  const vectors = points.map((p) => unit(p.embedding));
  const dim = vectors[0]?.length ?? 0;
  let clusters: Working[] = topics
    .filter((t) => t.centroid.length === dim && dim > 0)
    .map((t) => ({
      key: t.id,
      existing: true,
      established: true,
      centroid: unit(t.centroid),
      members: [],
      gone: false,
    }));
  const novel = novelWords(points);
  const isNovel = novel.map((w) => w.size > 0);
  const semanticOnly = options.semanticOnlySimilarity ?? 1;
  // Start from the stored assignment, so that of two near-duplicate topics the established one survives.
  const byKey = new Map(clusters.map((c) => [c.key, c]));
  points.forEach((p, i) => (p.topicId ? byKey.get(p.topicId)?.members.push(i) : undefined));
  // A topic most of whose queries were asked since the last run is young: it may be a new subject's.
  for (const c of clusters) {
    const recent = c.members.filter((m) => points[m]!.recent).length;
    c.established = c.members.length === 0 || recent * 2 < c.members.length;
  }

  const merges: ReclusterResult["merges"] = [];
  const absorb = (from: Working, into: Working, reason: "similar" | "small" | "new_words", similarity: number) => {
    into.members.push(...from.members);
    into.centroid = meanOf(vectors, into.members) ?? into.centroid;
    from.members = [];
    from.gone = true;
    merges.push({ from: from.key, into: into.key, reason, similarity });
  };
  const bySize = () =>
    clusters
      .filter((c) => c.members.length > 0)
      .sort((a, b) => b.members.length - a.members.length || Number(b.existing) - Number(a.existing));
  /**
   * Topics that speak the same new subject's word become one (the larger absorbs): a launch asked about in
   * different ways ("set up SSO", "SSO says invalid audience") is one new subject, although its question families
   * sit far apart in embedding space — also when an earlier run already gave part of it a topic.
   */
  const mergeByNewVocabulary = () => {
    const wordsOf = (c: Working) => spokenWords(c, novel);
    let merged = true;
    while (merged) {
      merged = false;
      const live = bySize();
      outer: for (let a = 0; a < live.length; a++) {
        const words = wordsOf(live[a]!);
        for (let b = a + 1; b < live.length; b++) {
          if ([...wordsOf(live[b]!)].some((w) => words.has(w))) {
            absorb(live[b]!, live[a]!, "new_words", dot(live[a]!.centroid, live[b]!.centroid));
            merged = true;
            break outer;
          }
        }
      }
    }
  };
  /** Near-duplicates (centroids ≥ mergeSimilarity) become one; the larger absorbs the smaller. */
  const mergeSimilar = () => {
    let merged = true;
    while (merged) {
      merged = false;
      const live = bySize();
      outer: for (let a = 0; a < live.length; a++)
        for (let b = a + 1; b < live.length; b++) {
          const similarity = dot(live[a]!.centroid, live[b]!.centroid);
          if (similarity >= options.mergeSimilarity) {
            absorb(live[b]!, live[a]!, "similar", similarity);
            merged = true;
            break outer;
          }
        }
    }
  };
  mergeSimilar();
  mergeByNewVocabulary();
  // A topic opened since the last run in none of a new subject's words was an everyday query that missed its
  // topic online: it goes back to the nearest established topic instead of seeding a fragment.
  for (const c of clusters.filter((x) => !x.gone && !x.established && x.members.length > 0)) {
    if (c.members.some((m) => isNovel[m])) continue;
    const hit = nearest(
      c.centroid,
      clusters.filter((x) => !x.gone && x.established),
    );
    if (hit && hit.similarity >= options.minSimilarity) absorb(c, hit.cluster, "similar", hit.similarity);
  }

  // 1. Spherical k-means from the surviving centroids. A topic with no members keeps its centroid (it may have
  // queries older than the window).
  const active = () => clusters.filter((c) => !c.gone);
  let iterations = 0;
  let outliers: number[] = [];
  let previous = "";
  while (iterations < maxIterations) {
    iterations++;
    outliers = assign(vectors, novel, active(), options.minSimilarity, semanticOnly);
    const signature = active()
      .map((c) => c.members.join(","))
      .join("|");
    for (const c of active()) c.centroid = meanOf(vectors, c.members) ?? c.centroid;
    if (signature === previous) break;
    previous = signature;
  }

  // 2. Leader clustering of the outliers, in order: each joins the nearest new group above the floor or starts one.
  const fresh: Working[] = [];
  for (const i of outliers) {
    const hit = nearest(vectors[i]!, fresh);
    if (hit && hit.similarity >= options.minSimilarity) {
      hit.cluster.members.push(i);
      hit.cluster.centroid = meanOf(vectors, hit.cluster.members)!;
    } else
      fresh.push({
        key: `new:${fresh.length}`,
        existing: false,
        established: false,
        centroid: vectors[i]!,
        members: [i],
        gone: false,
      });
  }
  clusters = [...clusters, ...fresh];

  // 3. Merges again (a new group may duplicate a topic or share a new subject's words with one), then topics below
  // the minimum size into their nearest.
  mergeSimilar();
  mergeByNewVocabulary();
  for (const small of bySize().reverse()) {
    if (small.members.length === 0 || small.members.length >= options.minClusterSize) continue;
    const hit = nearest(
      small.centroid,
      clusters.filter((c) => c.members.length > 0),
      small,
    );
    if (!hit || hit.similarity < options.minSimilarity) continue;
    // A new subject's few queries stay apart from an established topic that is not very close.
    const speaksNew = small.members.some((m) => isNovel[m]);
    if (speaksNew && hit.cluster.established && hit.similarity < semanticOnly) continue;
    absorb(small, hit.cluster, "small", hit.similarity);
  }

  // A new group that was absorbed never existed; one that survives keeps its members.
  const kept = clusters.filter((c) => c.existing || c.members.length > 0);
  // Follow chains (A into a new group that later joined B) to the topic that survives.
  const keptKeys = new Set(kept.map((c) => c.key));
  const next = new Map(merges.map((m) => [m.from, m.into]));
  const finalOf = (key: string) => {
    let k = key;
    while (!keptKeys.has(k) && next.has(k)) k = next.get(k)!;
    return k;
  };
  const mergesOut = merges.filter((m) => !m.from.startsWith("new:")).map((m) => ({ ...m, into: finalOf(m.into) }));
  const assignment: string[] = new Array(points.length);
  for (const c of kept) for (const m of c.members) assignment[m] = c.key;
  const names = distinctiveTerms(
    kept.map((c) => c.members.map((m) => points[m]!.text)),
    options.termsPerTopic ?? TOPIC_TERMS,
  );
  return {
    clusters: kept.map((c, i) => ({
      key: c.key,
      existing: c.existing,
      centroid: Array.from(c.centroid),
      members: c.members,
      terms: names[i]!,
    })),
    assignment,
    merges: mergesOut,
    iterations,
  };
}
