// SIMULATED: one end user's conversation in the demo world. The same script runs live (through the gateway, in real
// time) and in back-fill (answers computed here, sent through the ingest API with past timestamps); a transport
// hides the difference. Every event goes through the product's public APIs via the SDK.

import { randomUUID } from "node:crypto";
import type { Tightloop } from "../../sdk/src/index";
import type { Question, WorldClock } from "./world";
import { askQuestion, goodAnswers, rephrase } from "./world";
import { react, stopsGeneration, type UserBehavior } from "./users";

interface ChatMessage {
  role: "user" | "assistant";
  content: string;
}

export interface AskInput {
  sessionId: string;
  userId: string;
  messages: ChatMessage[];
  stream: boolean;
  /** Called with the text shown so far while streaming; true stops the generation. */
  shouldStop: (shownSoFar: string) => boolean;
}

interface AskResult {
  interactionId: string;
  answer: string;
  stopped: boolean;
}

export interface Transport {
  now(): Date;
  wait(ms: number): Promise<void>;
  ask(input: AskInput): Promise<AskResult>;
  /** Runs a later visit of the same user (live: a timer; back-fill: queued at that simulated time). */
  later(at: Date, visit: (transport: Transport) => Promise<void>): void;
  sdk: Tightloop;
}

export interface Timing {
  /** Reading and typing time between an answer and the user's next action. */
  thinkMs: [number, number];
  /** When a user who gave up comes back with the same question. */
  returnAfterMs: number;
  /** Share of requests that stream. */
  streamShare: number;
}

/** Timing scaled to the project's signal windows, so the fast profile's users act within seconds. */
export function timingFor(signals: { rephraseWindowSeconds: number; returnQueryWindowSeconds: number }): Timing {
  const maxThink = Math.min(20_000, signals.rephraseWindowSeconds * 400); // well inside the rephrase window
  return {
    thinkMs: [Math.min(1500, maxThink / 2), maxThink],
    returnAfterMs: signals.returnQueryWindowSeconds * 500,
    streamShare: 0.7,
  };
}

export interface SessionContext {
  clock: WorldClock;
  behavior: UserBehavior;
  timing: Timing;
  random: () => number;
  transport: Transport;
  userId: string;
}

export interface SessionStats {
  interactions: number;
  good: number;
  stopped: number;
  rephrases: number;
  edits: number;
  returns: number;
  thumbs: number;
}

export const emptyStats = (): SessionStats => ({
  interactions: 0,
  good: 0,
  stopped: 0,
  rephrases: 0,
  edits: 0,
  returns: 0,
  thumbs: 0,
});

const words = (text: string) => text.trim().split(/\s+/).filter(Boolean).length;

export async function runSession(ctx: SessionContext, stats: SessionStats, start?: Question): Promise<void> {
  const { transport: t, random, behavior: b, timing } = ctx;
  const think = () => t.wait(timing.thinkMs[0] + random() * (timing.thinkMs[1] - timing.thinkMs[0]));
  const sessionId = `sim-${randomUUID().slice(0, 13)}`;
  const messages: ChatMessage[] = [];
  let q = start ?? askQuestion(ctx.clock, t.now(), random);
  let rephrases = 0;

  for (;;) {
    messages.push({ role: "user", content: q.text });
    const goods = goodAnswers(q);
    const stopper = stopsGeneration(b, random);
    const res = await t.ask({
      sessionId,
      userId: ctx.userId,
      messages: [...messages],
      stream: random() < timing.streamShare,
      // A user sees a few words, recognises an answer that is going nowhere, and hits stop.
      shouldStop: (shown) => stopper && words(shown) >= 5 && !goods.some((g) => g.startsWith(shown.trim())),
    });
    stats.interactions++;
    messages.push({ role: "assistant", content: res.answer });
    const good = !res.stopped && goods.includes(res.answer.trim());
    if (good) stats.good++;
    const at = () => ({ interactionId: res.interactionId, sessionId, userId: ctx.userId, timestamp: t.now() });

    if (res.stopped) {
      stats.stopped++;
      t.sdk.behavior({ ...at(), kind: "stop_generation", generatedChars: res.answer.length });
    }
    await think();

    const reaction = react(good, b, random, { rephrasesSoFar: rephrases });
    if (reaction.kind === "accept") {
      if (reaction.copy) t.sdk.behavior({ ...at(), kind: "copy", copiedLength: res.answer.length });
      if (reaction.thumbsUp) {
        stats.thumbs++;
        t.sdk.feedback({ ...at(), kind: "thumbs_up" });
      }
      if (!reaction.followUp) return;
      await think();
      q = askQuestion(ctx.clock, t.now(), random);
      rephrases = 0;
      continue;
    }

    if (reaction.thumbsDown) {
      stats.thumbs++;
      t.sdk.feedback({ ...at(), kind: "thumbs_down" });
    }
    switch (reaction.next) {
      case "rephrase":
        stats.rephrases++;
        rephrases++;
        q = rephrase(q, random);
        continue;
      case "edit":
        // Copies the answer and fixes it by hand: the correction a later dataset can learn from.
        stats.edits++;
        t.sdk.behavior({ ...at(), kind: "copy", copiedLength: res.answer.length });
        await t.wait(timing.thinkMs[0]);
        t.sdk.behavior({ ...at(), kind: "edit", editedText: goods[0]! });
        return;
      case "return_later": {
        stats.returns++;
        const again = rephrase(q, random);
        t.later(new Date(t.now().getTime() + timing.returnAfterMs * (0.6 + 0.8 * random())), (transport) =>
          runSession({ ...ctx, transport }, stats, again),
        );
        return;
      }
      case "abandon":
        if (random() < 0.5)
          t.sdk.behavior({ ...at(), kind: "page_leave", dwellMs: Math.round(1000 + random() * 9000) });
        return;
    }
  }
}
