// SIMULATED: the demo world's model endpoint, answering in-process in the OpenAI wire format (JSON, or SSE when
// `stream` is set) so the gateway treats it exactly like a remote endpoint: same parsing, timeouts and aborts.

import { lastUserText } from "../llm/messages";
import { estimateTokens, simulatedAnswer, type SimulatedModelConfig } from "./model";

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

export async function simulatedChat(
  config: SimulatedModelConfig,
  modelName: string,
  body: Record<string, unknown>,
  signal: AbortSignal,
  random: () => number = Math.random,
): Promise<Response> {
  const question = lastUserText(body.messages);
  const { text } = simulatedAnswer(config, question, random);
  const words = text.split(" ");
  const usage = {
    prompt_tokens: estimateTokens(JSON.stringify(body.messages ?? [])),
    completion_tokens: estimateTokens(text),
  };
  const created = Math.floor(Date.now() / 1000);
  const id = `chatcmpl-sim-${Math.floor(random() * 1e12).toString(36)}`;
  await sleep(config.latencyMs, signal);

  if (body.stream !== true) {
    await sleep(config.msPerWord * words.length, signal);
    return Response.json({
      id,
      object: "chat.completion",
      created,
      model: modelName,
      choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: "stop" }],
      usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
    });
  }

  const includeUsage = (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
  const encoder = new TextEncoder();
  const chunk = (delta: Record<string, unknown>, finish: string | null) =>
    encoder.encode(
      `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model: modelName, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`,
    );
  let i = 0;
  return new Response(
    new ReadableStream<Uint8Array>({
      async pull(out) {
        if (i < words.length) {
          if (i > 0) await sleep(config.msPerWord, signal).catch(() => undefined);
          if (signal.aborted) return out.error(signal.reason);
          out.enqueue(chunk(i === 0 ? { role: "assistant", content: words[0] } : { content: ` ${words[i]}` }, null));
          i++;
          return;
        }
        out.enqueue(chunk({}, "stop"));
        if (includeUsage) {
          const total = usage.prompt_tokens + usage.completion_tokens;
          out.enqueue(
            encoder.encode(
              `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model: modelName, choices: [], usage: { ...usage, total_tokens: total } })}\n\n`,
            ),
          );
        }
        out.enqueue(encoder.encode("data: [DONE]\n\n"));
        out.close();
      },
    }),
    { headers: { "content-type": "text/event-stream; charset=utf-8" } },
  );
}
