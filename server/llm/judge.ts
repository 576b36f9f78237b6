// Calls a judge: an OpenAI-compatible endpoint (structured output where supported) or the demo world's simulated
// judge. Returns the judge's raw text; parsing it is the caller's business (modules/evaluation/judge-prompt.ts).

import { buildJudgeMessages, verdictJsonSchema, type JudgedInteraction } from "../modules/evaluation/judge-prompt";
import type { RubricContent } from "../modules/evaluation/evaluation.schema";
import { lastUserText } from "./messages";
import OpenAI from "openai";
import type { ChatCompletionMessageParam, ResponseFormatJSONSchema } from "openai/resources";
import { openAIClient, providerMessage } from "./openai-client";
import { completionText } from "./openai-compatible";
import { simulatedProvider } from "./simulated-provider";

export type JudgeTarget =
  | { provider: "openai-compatible"; baseUrl: string; model: string; apiKey: string | null; timeoutSeconds: number }
  | { provider: "simulated"; noise: number };

/** The judge could not be asked (network, timeout, HTTP error): worth retrying later. */
export class JudgeProviderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "JudgeProviderError";
  }
}

export type JudgeCall = (
  target: JudgeTarget,
  rubric: RubricContent,
  interaction: JudgedInteraction,
  random?: () => number,
) => Promise<string | null>;

/** Judge calls through `fetchImpl`: the instance's outbound fetch (server/net/outbound.ts). */
export const judgeCaller =
  (fetchImpl: typeof fetch): JudgeCall =>
  (target, rubric, interaction, random) =>
    callJudge(fetchImpl, target, rubric, interaction, random);

async function callJudge(
  fetchImpl: typeof fetch,
  target: JudgeTarget,
  rubric: RubricContent,
  interaction: JudgedInteraction,
  random: () => number = Math.random,
): Promise<string | null> {
  if (target.provider === "simulated") {
    const v = simulatedProvider().judge(lastUserText(interaction.input), interaction.output, {
      noise: target.noise,
      random,
    });
    return JSON.stringify({
      score: v.score,
      pass: v.pass,
      failure_category: v.failureCategory,
      rationale: v.rationale,
      confidence: Math.round(v.confidence * 1000) / 1000,
    });
  }
  const messages = buildJudgeMessages(rubric, interaction);
  // The client's own retries are off: the judge queue retries with backoff and pauses a judge that keeps failing.
  const client = openAIClient({
    baseURL: target.baseUrl,
    apiKey: target.apiKey,
    timeoutMs: target.timeoutSeconds * 1000,
    maxRetries: 0,
    fetch: fetchImpl,
  });
  const ask = (structured: boolean) =>
    client.chat.completions.create({
      model: target.model,
      messages: messages as ChatCompletionMessageParam[],
      temperature: 0,
      ...(structured ? { response_format: verdictJsonSchema(rubric) as ResponseFormatJSONSchema } : {}),
    });
  try {
    let completion;
    try {
      completion = await ask(true);
    } catch (error) {
      // Endpoints without structured output reject response_format with a 400: ask again in plain JSON mode.
      if (!(error instanceof OpenAI.BadRequestError)) throw error;
      completion = await ask(false);
    }
    return completionText(completion);
  } catch (error) {
    if (error instanceof OpenAI.APIConnectionTimeoutError)
      throw new JudgeProviderError(`no answer within ${target.timeoutSeconds} s`);
    if (error instanceof OpenAI.APIError && error.status !== undefined)
      throw new JudgeProviderError(`HTTP ${error.status}: ${providerMessage(error).slice(0, 300)}`);
    if (error instanceof OpenAI.APIError) throw new JudgeProviderError("endpoint unreachable");
    throw error;
  }
}
