// The official `openai` client for calls that read the answer (judge, topic names, embeddings, fine-tuning); the
// gateway keeps its own fetch (openai-compatible.ts) because it passes the upstream's bytes through unchanged.
import OpenAI from "openai";

export function openAIClient(options: {
  baseURL: string;
  /** The provider's key; without one no Authorization header is sent (local servers such as vLLM or Ollama). */
  apiKey: string | null | undefined;
  timeoutMs?: number;
  /** Retries inside the client; callers with their own backoff (the judge queue) pass 0. */
  maxRetries?: number;
  /** The instance's outbound fetch (server/net/outbound.ts): the URL is user-configured. */
  fetch: typeof fetch;
}): OpenAI {
  return new OpenAI({
    baseURL: options.baseURL.replace(/\/+$/, ""),
    apiKey: options.apiKey || "none",
    ...(options.apiKey ? {} : { defaultHeaders: { Authorization: null } }),
    ...(options.timeoutMs ? { timeout: options.timeoutMs } : {}),
    maxRetries: options.maxRetries ?? 2,
    fetch: options.fetch,
  });
}

/** The provider's own message for a failed call (its error body), else the client's. */
export function providerMessage(error: unknown): string {
  // The outbound policy refused the URL: say which rule, not the client's generic "Connection error."
  const cause = (error as { cause?: unknown } | null)?.cause;
  if (cause instanceof Error && cause.name === "OutboundRefused") return `refused: ${cause.message}`;
  if (error instanceof OpenAI.APIError) {
    const body = error.error as { message?: unknown } | undefined;
    return typeof body?.message === "string" ? body.message : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
