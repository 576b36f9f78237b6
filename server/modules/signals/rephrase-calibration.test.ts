import { describe, expect, it } from "vitest";
import { sentenceEmbedder } from "../../llm/embeddings";
import { STANDARD_SETTINGS } from "../settings/settings-profiles";
import { compareQueries, type QueryTurn } from "./rules/rephrase";

// The default thresholds against the real bundled embedding model (Universal Sentence Encoder lite), on
// hand-labelled pairs including the hard case: same topic, different task.
const PAIRS: Array<[string, string, boolean]> = [
  ["How do I reset my password?", "I forgot my password, how can I change it?", true],
  ["How do I cancel my subscription?", "how to cancel subscription", true],
  ["Write a SQL query to count orders per customer", "sql count of orders grouped by customer please", true],
  ["python list comprehension example", "show me how list comprehensions work in python", true],
  ["How do I cancel my subscription?", "How do I upgrade my subscription to the annual plan?", false],
  ["Write a SQL query to count orders per customer", "Write a SQL query to delete duplicate customers", false],
  ["What's the refund policy?", "What's the shipping policy?", false],
  ["Summarize this article in 3 bullets", "Translate this article into French", false],
];

describe("rephrase thresholds on the bundled model", () => {
  it("separates paraphrases from same-topic different tasks", { timeout: 60_000 }, async () => {
    const embedder = sentenceEmbedder();
    const s = STANDARD_SETTINGS.signals;
    const turn = (text: string, embedding: number[]): QueryTurn => ({
      interactionId: text,
      text,
      language: "en",
      embedding,
      startedAt: new Date(),
      endedAt: null,
    });
    const vectors = await embedder.embed(PAIRS.flatMap(([a, b]) => [a, b]));
    const verdicts = PAIRS.map(
      ([a, b], i) =>
        compareQueries(turn(a, vectors[2 * i]!), turn(b, vectors[2 * i + 1]!), s, s.rephraseSemanticOnlySimilarity)
          .match,
    );
    expect(verdicts).toEqual(PAIRS.map(([, , expected]) => expected));
  });
});
