// Names a topic with a chat model (the project's judge): a few of its questions and its distinctive terms in, a
// short name a person would write out. The answer is checked, not trusted: a name of one to six words, at most 60
// characters, without digits or markup; anything else is no name (the terms' name stays). The demo world's
// simulated judge names topics too (through the simulated provider), and says it is simulated.
import { openAIClient } from "./openai-client";
import { completionText } from "./openai-compatible";
import { simulatedProvider } from "./simulated-provider";

export type NamingModel =
  | { provider: "openai-compatible"; baseUrl: string; model: string; apiKey: string | null; timeoutSeconds: number }
  | { provider: "simulated"; model: string };

const INSTRUCTIONS =
  "You name groups of questions that users asked a support assistant, for a dashboard. Reply with the name only: " +
  "two to five words, sentence case, no quotes, no trailing punctuation, no numbers, no personal details. Say what " +
  'the questions are about (for example "Set up SSO" or "Refunds for annual plans").';

/** The model's answer as a topic name, or null when it is not one. */
export function cleanTopicName(answer: string | null): string | null {
  if (!answer) return null;
  const line = answer
    .trim()
    .split("\n")[0]!
    .replace(/^(name|topic)\s*:\s*/i, "")
    .replace(/^["'“‘*`]+|["'”’*`.!;:]+$/g, "")
    .trim();
  const words = line.split(/\s+/).filter(Boolean);
  if (words.length < 1 || words.length > 6 || line.length > 60) return null;
  if (/[\d<>{}[\]|\\]/.test(line)) return null;
  return line.charAt(0).toUpperCase() + line.slice(1);
}

/** Topic names through `fetchImpl`: the instance's outbound fetch (server/net/outbound.ts). */
export const topicNamer =
  (fetchImpl: typeof fetch) => (target: NamingModel, questions: readonly string[], terms: readonly string[]) =>
    nameTopicWithModel(fetchImpl, target, questions, terms);

async function nameTopicWithModel(
  fetchImpl: typeof fetch,
  target: NamingModel,
  questions: readonly string[],
  terms: readonly string[],
): Promise<string | null> {
  if (target.provider === "simulated") return cleanTopicName(simulatedProvider().nameTopic(questions));
  const client = openAIClient({
    baseURL: target.baseUrl,
    apiKey: target.apiKey,
    timeoutMs: target.timeoutSeconds * 1000,
    maxRetries: 0, // a name that does not come now comes at the next re-clustering
    fetch: fetchImpl,
  });
  const completion = await client.chat.completions.create({
    model: target.model,
    messages: [
      { role: "system", content: INSTRUCTIONS },
      {
        role: "user",
        content:
          `Distinctive words: ${terms.join(", ")}\nQuestions:\n` +
          questions.map((q) => `- ${q.replace(/\s+/g, " ").slice(0, 300)}`).join("\n"),
      },
    ],
    temperature: 0,
    max_tokens: 24,
  });
  return cleanTopicName(completionText(completion));
}
