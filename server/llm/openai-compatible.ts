// Calls an OpenAI-compatible chat endpoint (vLLM, Ollama, OpenAI, …) with fetch, so the gateway can pass the
// upstream's bytes (including SSE streams) through without re-encoding them.

export interface ChatTarget {
  modelVersionId: string;
  name: string;
  baseUrl: string;
  model: string;
  apiKey: string | null;
}

export function chatCompletionsUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/chat/completions`;
}

export function callChat(target: ChatTarget, body: Record<string, unknown>, signal: AbortSignal): Promise<Response> {
  return fetch(chatCompletionsUrl(target.baseUrl), {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(target.apiKey ? { authorization: `Bearer ${target.apiKey}` } : {}),
    },
    body: JSON.stringify({ ...body, model: target.model }),
    signal,
  });
}

/** Text of the first choice of a non-streaming completion. */
export function completionText(body: unknown): string | null {
  const choice = (body as { choices?: Array<{ message?: { content?: unknown } }> } | null)?.choices?.[0];
  const content = choice?.message?.content;
  return typeof content === "string" ? content : null;
}
