// Calls an OpenAI-compatible chat endpoint (vLLM, Ollama, OpenAI, …) with fetch, so the gateway can pass the
// upstream's bytes (including SSE streams) through without re-encoding them.

import { simulatedProvider, type SimulatedConfig } from "./simulated-provider";

interface TargetBase {
  modelVersionId: string;
  name: string;
  /** Per-version timeout; null uses the project's gateway settings. */
  timeoutSeconds: number | null;
}

/** Where a model version's requests go: a real OpenAI-compatible endpoint, or the demo world's simulated model. */
export type ChatTarget = TargetBase &
  (
    | { provider: "openai-compatible"; baseUrl: string; model: string; apiKey: string | null }
    | { provider: "simulated"; simulation: SimulatedConfig }
  );

function chatCompletionsUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/chat/completions`;
}

/** One chat completion call; the answer is the endpoint's raw HTTP response (JSON, or an SSE stream). */
export type ChatCall = (target: ChatTarget, body: Record<string, unknown>, signal: AbortSignal) => Promise<Response>;

/** Chat calls through `fetchImpl`: the instance's outbound fetch (server/net/outbound.ts). */
export const chatCaller =
  (fetchImpl: typeof fetch): ChatCall =>
  (target, body, signal) => {
    if (target.provider === "simulated") return simulatedProvider().chat(target.simulation, target.name, body, signal);
    return fetchImpl(chatCompletionsUrl(target.baseUrl), {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(target.apiKey ? { authorization: `Bearer ${target.apiKey}` } : {}),
      },
      body: JSON.stringify({ ...body, model: target.model }),
      signal,
    });
  };

/** Text of the first choice of a non-streaming completion. */
export function completionText(body: unknown): string | null {
  const choice = (body as { choices?: Array<{ message?: { content?: unknown } }> } | null)?.choices?.[0];
  const content = choice?.message?.content;
  return typeof content === "string" ? content : null;
}
