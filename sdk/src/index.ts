// Tightloop SDK: batches events in memory and sends them to POST /api/v1/ingest. No dependency beyond fetch.
import type { BehaviorInput, EventResult, FeedbackInput, InteractionInput, WireEvent } from "./types.js";

export type * from "./types.js";

export interface TightloopOptions {
  /** A project API key (an ingest key on servers; a feedback-only key in browsers). */
  apiKey: string;
  /** Where Tightloop runs, e.g. https://tightloop.example.com */
  baseUrl: string;
  /** How often queued events are sent (default 1000 ms). */
  flushIntervalMs?: number;
  /** Events per request (default 100; the server accepts up to 1000). */
  maxBatchSize?: number;
  /** Retries on 429, 5xx and network errors, with exponential backoff (default 5). */
  maxRetries?: number;
  /** Events kept in memory while the server is unreachable; the oldest are dropped beyond it (default 10,000). */
  maxQueueSize?: number;
  /** Called for dropped or rejected events; defaults to console.warn. */
  onError?: (error: TightloopError) => void;
  fetch?: typeof fetch;
}

export class TightloopError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly results: EventResult[] = [],
  ) {
    super(message);
    this.name = "TightloopError";
  }
}

const iso = (d: Date | string | undefined) =>
  d === undefined ? new Date().toISOString() : typeof d === "string" ? d : d.toISOString();
const uuid = () =>
  globalThis.crypto?.randomUUID
    ? globalThis.crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Tightloop {
  private readonly queue: WireEvent[] = [];
  private readonly options: Required<Omit<TightloopOptions, "fetch" | "onError">> &
    Pick<TightloopOptions, "fetch" | "onError">;
  private timer: ReturnType<typeof setInterval> | null = null;
  private sending: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(options: TightloopOptions) {
    if (!options.apiKey) throw new TypeError("Tightloop: apiKey is required");
    if (!options.baseUrl) throw new TypeError("Tightloop: baseUrl is required");
    this.options = {
      flushIntervalMs: 1000,
      maxBatchSize: 100,
      maxRetries: 5,
      maxQueueSize: 10_000,
      ...options,
      baseUrl: options.baseUrl.replace(/\/+$/, ""),
    };
    this.timer = setInterval(() => void this.flush(), this.options.flushIntervalMs);
    // Never keep a Node process alive just for the timer.
    (this.timer as { unref?: () => void }).unref?.();
  }

  /** Records an interaction; returns its id (yours, or a generated one) for later feedback. */
  interaction(e: InteractionInput): string {
    const id = e.id ?? uuid();
    const { startedAt, endedAt, ...rest } = e;
    this.enqueue({
      ...rest,
      type: "interaction",
      id,
      eventId: uuid(),
      timestamp: iso(startedAt),
      ...(startedAt !== undefined ? { startedAt: iso(startedAt) } : {}),
      ...(endedAt !== undefined ? { endedAt: iso(endedAt) } : {}),
    });
    return id;
  }

  feedback(e: FeedbackInput): void {
    const { timestamp, ...rest } = e;
    this.enqueue({ ...rest, type: "feedback", eventId: uuid(), timestamp: iso(timestamp) });
  }

  behavior(e: BehaviorInput): void {
    const { timestamp, ...rest } = e;
    this.enqueue({ ...rest, type: "behavior", eventId: uuid(), timestamp: iso(timestamp) });
  }

  /** Events not yet sent. */
  get pending(): number {
    return this.queue.length;
  }

  /** Sends everything queued now (one request per maxBatchSize events). */
  flush(): Promise<void> {
    this.sending = this.sending.then(async () => {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.options.maxBatchSize);
        await this.send(batch);
      }
    });
    return this.sending;
  }

  /** Stops the timer and sends what is left; call it before the process exits. */
  async shutdown(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
  }

  private enqueue(event: WireEvent) {
    if (this.closed) {
      this.report(new TightloopError("Tightloop: event after shutdown() was dropped", null));
      return;
    }
    this.queue.push(event);
    if (this.queue.length > this.options.maxQueueSize) {
      this.queue.splice(0, this.queue.length - this.options.maxQueueSize);
      this.report(new TightloopError("Tightloop: queue full, oldest events dropped", null));
    }
    if (this.queue.length >= this.options.maxBatchSize) void this.flush();
  }

  private report(error: TightloopError) {
    if (this.options.onError) this.options.onError(error);
    else console.warn(error.message);
  }

  private async send(batch: WireEvent[]): Promise<void> {
    const doFetch = this.options.fetch ?? fetch;
    for (let attempt = 0; ; attempt++) {
      let status: number | null = null;
      let retryAfterMs: number | null = null;
      try {
        const res = await doFetch(`${this.options.baseUrl}/api/v1/ingest`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${this.options.apiKey}` },
          body: JSON.stringify({ batch }),
        });
        status = res.status;
        if (res.status === 200) return;
        if (res.status === 207) {
          const body = (await res.json()) as { results: EventResult[] };
          const rejected = body.results.filter((r) => r.status === "invalid" || r.status === "forbidden");
          this.report(
            new TightloopError(
              `Tightloop: ${rejected.length} event(s) rejected: ${rejected.map((r) => r.message).join("; ")}`,
              207,
              rejected,
            ),
          );
          return;
        }
        if (res.status !== 429 && res.status < 500) {
          const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
          this.report(
            new TightloopError(
              `Tightloop: batch of ${batch.length} dropped (${res.status}): ${body?.error?.message ?? res.statusText}`,
              res.status,
            ),
          );
          return;
        }
        const header = res.headers.get("retry-after");
        retryAfterMs = header && Number.isFinite(Number(header)) ? Number(header) * 1000 : null;
      } catch {
        // network error: retried below
      }
      if (attempt >= this.options.maxRetries) {
        this.report(
          new TightloopError(
            `Tightloop: batch of ${batch.length} dropped after ${attempt + 1} attempts (last status ${status ?? "network error"})`,
            status,
          ),
        );
        return;
      }
      const backoff = Math.min(30_000, 250 * 2 ** attempt) * (0.5 + Math.random() / 2);
      await sleep(retryAfterMs ?? backoff);
    }
  }
}
