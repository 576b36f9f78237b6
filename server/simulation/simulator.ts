// SIMULATED: drives the demo world's users against a running Tightloop. Live traffic goes through the gateway
// (POST /api/v1/chat/completions) in real time; back-filled history goes through the ingest API with past
// timestamps. Both use a real project API key: the simulator is a client of the product, not a back door.

import { randomUUID } from "node:crypto";
import { Tightloop } from "../../sdk/src/index";
import { estimateTokens, simulatedAnswer, type SimulatedModelConfig } from "./model";
import { emptyStats, runSession, type AskInput, type SessionStats, type Timing, type Transport } from "./session";
import type { UserBehavior } from "./users";
import { diurnalWeight, type WorldClock } from "./world";

export interface SimulatorOptions {
  baseUrl: string;
  apiKey: string;
  clock: WorldClock;
  behavior: UserBehavior;
  timing: Timing;
  random: () => number;
  /** Size of the simulated user population (ids sim-user-0001 …). */
  users: number;
  onError?: (message: string) => void;
}

const userId = (o: SimulatorOptions) => `sim-user-${String(1 + Math.floor(o.random() * o.users)).padStart(4, "0")}`;

function sdkFor(o: SimulatorOptions, maxBatchSize: number) {
  return new Tightloop({
    apiKey: o.apiKey,
    baseUrl: o.baseUrl,
    maxBatchSize,
    flushIntervalMs: 500,
    onError: (e) => o.onError?.(e.message),
  });
}

/**
 * Back-fills history: sessions spread over [from, to) with a daily rhythm, answered by the given simulated model
 * (what production would have said), sent through the ingest API with their past timestamps. Returns visits that
 * would fall after `to` are dropped.
 */
export async function backfill(
  o: SimulatorOptions & {
    from: Date;
    to: Date;
    sessionsPerDay: number;
    model: { name: string; config: SimulatedModelConfig };
    onProgress?: (done: number, total: number) => void;
  },
): Promise<SessionStats> {
  const sdk = sdkFor(o, 500);
  const stats = emptyStats();
  const span = o.to.getTime() - o.from.getTime();
  const total = Math.round((o.sessionsPerDay * span) / 86_400_000);
  const queue: Array<{ at: number; visit: (t: Transport) => Promise<void> }> = [];
  while (queue.length < total) {
    // Rejection sampling on the hour-of-day weight gives the history its daily rhythm.
    const at = o.from.getTime() + o.random() * span;
    if (o.random() > diurnalWeight(new Date(at))) continue;
    const user = userId(o);
    queue.push({ at, visit: (transport) => runSession({ ...o, transport, userId: user }, stats) });
  }

  const transportAt = (start: number): Transport => {
    let clock = start;
    return {
      now: () => new Date(clock),
      wait: async (ms) => {
        clock += ms;
      },
      async ask(input: AskInput) {
        const question = input.messages[input.messages.length - 1]!.content;
        const { text } = simulatedAnswer(o.model.config, question, o.random);
        let shown = text;
        let stopped = false;
        if (input.stream) {
          const words = text.split(" ");
          for (let k = 1; k < words.length; k++) {
            const prefix = words.slice(0, k).join(" ");
            if (input.shouldStop(prefix)) {
              shown = prefix;
              stopped = true;
              break;
            }
          }
        }
        const startedAt = new Date(clock);
        const latencyMs = Math.round(
          (o.model.config.latencyMs + o.model.config.msPerWord * shown.split(" ").length) * (0.7 + 0.6 * o.random()),
        );
        clock += latencyMs;
        const interactionId = sdk.interaction({
          id: `sim-${randomUUID()}`,
          sessionId: input.sessionId,
          userId: input.userId,
          modelVersion: o.model.name,
          input: input.messages,
          output: shown,
          startedAt,
          endedAt: new Date(clock),
          latencyMs,
          tokens: { prompt: estimateTokens(JSON.stringify(input.messages)), completion: estimateTokens(shown) },
          metadata: { simulated: true, backfill: true, stream: input.stream },
        });
        return { interactionId, answer: shown, stopped };
      },
      later(at, visit) {
        if (at.getTime() < o.to.getTime()) queue.push({ at: at.getTime(), visit });
      },
      sdk,
    };
  };

  let done = 0;
  while (queue.length > 0) {
    queue.sort((a, b) => a.at - b.at);
    const next = queue.shift()!;
    await next.visit(transportAt(next.at));
    done++;
    if (done % 50 === 0) o.onProgress?.(done, total);
  }
  await sdk.shutdown();
  o.onProgress?.(done, total);
  return stats;
}

/** Reads an OpenAI SSE stream, calling `onText` with the text so far; returns early when it says stop. */
async function readStream(body: ReadableStream<Uint8Array>, onText: (text: string) => boolean) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { text, stopped: false };
    buffer += decoder.decode(value, { stream: true });
    let newline: number;
    while ((newline = buffer.indexOf("\n\n")) >= 0) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 2);
      if (!line.startsWith("data:") || line === "data: [DONE]") continue;
      const chunk = JSON.parse(line.slice(5)) as { choices?: Array<{ delta?: { content?: string } }> };
      const delta = chunk.choices?.[0]?.delta?.content;
      if (!delta) continue;
      text += delta;
      if (onText(text)) {
        await reader.cancel();
        return { text, stopped: true };
      }
    }
  }
}

/**
 * Live traffic: new sessions arrive as a Poisson process at `sessionsPerMinute` for `durationMs` (null: until the
 * signal aborts), each a real conversation through the gateway with the user's reactions sent via the SDK.
 */
export async function live(
  o: SimulatorOptions & { sessionsPerMinute: number; durationMs: number | null; signal?: AbortSignal },
): Promise<SessionStats> {
  const sdk = sdkFor(o, 100);
  const stats = emptyStats();
  const inFlight = new Set<Promise<void>>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let closing = false;
  const track = (p: Promise<void>) => {
    const tracked = p.catch((e: unknown) => o.onError?.(e instanceof Error ? e.message : String(e)));
    inFlight.add(tracked);
    void tracked.finally(() => inFlight.delete(tracked));
  };

  const transport: Transport = {
    now: () => new Date(),
    wait: (ms) => new Promise((r) => setTimeout(r, ms)),
    async ask(input: AskInput) {
      const res = await fetch(`${o.baseUrl}/api/v1/chat/completions`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          authorization: `Bearer ${o.apiKey}`,
          "x-tightloop-session": input.sessionId,
          "x-tightloop-user": input.userId,
        },
        body: JSON.stringify({ model: "production", messages: input.messages, stream: input.stream }),
      });
      if (!res.ok) throw new Error(`the gateway answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
      const interactionId = res.headers.get("x-tightloop-interaction-id") ?? "";
      if (!input.stream) {
        const json = (await res.json()) as { choices: Array<{ message: { content: string } }> };
        return { interactionId, answer: json.choices[0]?.message.content ?? "", stopped: false };
      }
      const { text, stopped } = await readStream(res.body!, input.shouldStop);
      return { interactionId, answer: text, stopped };
    },
    later(at, visit) {
      if (closing) return; // no new visits once the run is over
      const timer = setTimeout(
        () => {
          timers.delete(timer);
          if (!o.signal?.aborted) track(visit(transport));
        },
        Math.max(0, at.getTime() - Date.now()),
      );
      timers.add(timer);
    },
    sdk,
  };

  const endAt = o.durationMs === null ? Infinity : Date.now() + o.durationMs;
  const meanGapMs = 60_000 / o.sessionsPerMinute;
  while (!o.signal?.aborted && Date.now() < endAt) {
    track(runSession({ ...o, transport, userId: userId(o) }, stats));
    const gap = -Math.log(1 - o.random()) * meanGapMs; // exponential gaps: Poisson arrivals
    await new Promise<void>((resolve) => {
      // The abort listener goes with the wait it belongs to (one per arrival would pile up over a long run).
      const onAbort = () => (clearTimeout(timer), resolve());
      const timer = setTimeout(
        () => (o.signal?.removeEventListener("abort", onAbort), resolve()),
        Math.min(gap, Math.max(0, endAt - Date.now())),
      );
      o.signal?.addEventListener("abort", onAbort, { once: true });
    });
  }
  closing = true;
  for (const timer of timers) clearTimeout(timer);
  while (inFlight.size > 0) await Promise.all(inFlight);
  await sdk.shutdown();
  return stats;
}
