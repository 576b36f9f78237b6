// Query-to-topic assignment: which topic a new query joins as it arrives (the signal worker calls it per query;
// re-clustering in clustering.ts reshapes the topics themselves).
import { cosine } from "../signals/text";

export interface TopicCentroid {
  id: string;
  centroid: number[];
  size: number;
  /** The topic's distinctive terms (folded tokens); empty when none are known yet. */
  terms: string[];
}

/** How many distinctive terms a topic keeps: its name is made from the first ones, assignment checks them all. */
export const TOPIC_TERMS = 5;

export interface TopicAssignment {
  /** A query may join a topic only at or above this similarity. */
  minSimilarity: number;
  /** At or above this similarity a query joins on meaning alone; below it, only when it uses one of the topic's terms. */
  semanticOnlySimilarity: number;
}

/**
 * The topic a new query joins, or null (the query opens a new topic): the most similar topic at or above the floor
 * that the query is either very close to or shares vocabulary with. Sentence embeddings put a new subject near an
 * old one that is phrased alike ("set up SSO with Google Workspace" sits at 0.77 from "set up the Slack
 * integration"), so similarity alone would file a launch under an old topic; asking for one shared distinctive term
 * below `semanticOnlySimilarity` keeps it apart. A topic without terms is matched on similarity alone.
 */
export function nearestTopic(
  embedding: readonly number[],
  queryTokens: ReadonlySet<string>,
  topics: TopicCentroid[],
  o: TopicAssignment,
): { topic: TopicCentroid; similarity: number } | null {
  let best: { topic: TopicCentroid; similarity: number } | null = null;
  for (const topic of topics) {
    const similarity = cosine(embedding, topic.centroid);
    if (similarity < o.minSimilarity || (best && similarity <= best.similarity)) continue;
    const speaksItsLanguage = topic.terms.length === 0 || topic.terms.some((t) => queryTokens.has(t));
    if (similarity >= o.semanticOnlySimilarity || speaksItsLanguage) best = { topic, similarity };
  }
  return best;
}

/** Running mean: the centroid after adding one member. */
export function addToCentroid(centroid: readonly number[], size: number, embedding: readonly number[]): number[] {
  return centroid.map((c, i) => (c * size + embedding[i]!) / (size + 1));
}
