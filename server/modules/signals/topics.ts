import { cosine } from "./text";

export interface TopicCentroid {
  id: string;
  centroid: number[];
  size: number;
}

/** The nearest topic whose centroid is at least minSimilarity away, or null (the query opens a new topic). */
export function nearestTopic(
  embedding: readonly number[],
  topics: TopicCentroid[],
  minSimilarity: number,
): { topic: TopicCentroid; similarity: number } | null {
  let best: { topic: TopicCentroid; similarity: number } | null = null;
  for (const topic of topics) {
    const similarity = cosine(embedding, topic.centroid);
    if (similarity >= minSimilarity && (!best || similarity > best.similarity)) best = { topic, similarity };
  }
  return best;
}

/** Running mean: the centroid after adding one member. */
export function addToCentroid(centroid: readonly number[], size: number, embedding: readonly number[]): number[] {
  return centroid.map((c, i) => (c * size + embedding[i]!) / (size + 1));
}
