// Calls a judge: an OpenAI-compatible endpoint (structured output where supported) or the demo world's simulated
// judge. Returns the judge's raw text; parsing it is the caller's business (modules/evaluation/judge-prompt.ts).

import { buildJudgeMessages, verdictJsonSchema, type JudgedInteraction } from "../modules/evaluation/judge-prompt";
import type { RubricContent } from "../modules/evaluation/evaluation.schema";
import { lastUserText } from "./messages";
import { callChat, completionText, type ChatTarget } from "./openai-compatible";
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

export async function callJudge(
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
  // The same call the gateway makes (URL, auth header, model name), with the judge's own timeout.
  const endpoint: ChatTarget = {
    provider: "openai-compatible",
    modelVersionId: "",
    name: "judge",
    baseUrl: target.baseUrl,
    model: target.model,
    apiKey: target.apiKey,
    timeoutSeconds: target.timeoutSeconds,
  };
  const send = (structured: boolean) =>
    callChat(
      endpoint,
      { messages, temperature: 0, ...(structured ? { response_format: verdictJsonSchema(rubric) } : {}) },
      AbortSignal.timeout(target.timeoutSeconds * 1000),
    );
  let res: Response;
  try {
    res = await send(true);
    // Endpoints without structured output reject response_format with a 400: ask again in plain JSON mode.
    if (res.status === 400) {
      await res.body?.cancel();
      res = await send(false);
    }
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
    throw new JudgeProviderError(timedOut ? `no answer within ${target.timeoutSeconds} s` : "endpoint unreachable");
  }
  if (!res.ok) {
    const detail = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new JudgeProviderError(`HTTP ${res.status}: ${(detail?.error?.message ?? res.statusText).slice(0, 300)}`);
  }
  return completionText(await res.json().catch(() => null));
}
