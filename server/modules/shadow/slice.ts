// The incident's slice (pure): is a request part of the traffic a candidate's fix is for? Decided when the gateway
// mirrors the request, so the slice is fixed before either answer is seen: the query falls in the incident's
// topic(s) (its nearest live topic, above the project's topic similarity, is one of them), or it is within that
// similarity of one of the incident's failing queries (topics split under a launch; the slice must not).
import { cosine } from "../signals/text";

export interface SliceDefinition {
  topicIds: readonly string[];
  /** Embeddings of the incident's failing queries. */
  examples: readonly (readonly number[])[];
}

export function inSlice(
  query: readonly number[],
  slice: SliceDefinition,
  topics: ReadonlyArray<{ id: string; centroid: readonly number[] }>,
  minSimilarity: number,
): boolean {
  if (query.length === 0) return false;
  let nearest: string | null = null;
  let best = minSimilarity;
  for (const t of topics) {
    if (t.centroid.length !== query.length) continue;
    const s = cosine(query, t.centroid);
    if (s >= best) {
      best = s;
      nearest = t.id;
    }
  }
  if (nearest !== null && slice.topicIds.includes(nearest)) return true;
  return slice.examples.some((e) => e.length === query.length && cosine(query, e) >= minSimilarity);
}
