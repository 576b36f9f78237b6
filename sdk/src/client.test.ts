import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { Tightloop, type TightloopError } from "./index.js";

// The SDK against a real local HTTP server that plays the ingest API (including its failure modes).

interface Received {
  auth: string | undefined;
  batch: Array<Record<string, unknown>>;
}

let server: Server | undefined;

async function fakeIngest(
  respond: (n: number, body: Received) => { status: number; headers?: Record<string, string>; body?: unknown },
) {
  const received: Received[] = [];
  server = createServer(async (req: IncomingMessage, res) => {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    const body: Received = { auth: req.headers.authorization, batch: JSON.parse(raw).batch };
    received.push(body);
    const answer = respond(received.length, body);
    res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
    res.end(
      JSON.stringify(answer.body ?? { results: body.batch.map((e) => ({ status: "accepted", eventId: e.eventId })) }),
    );
  });
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
  return { baseUrl: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, received };
}

afterEach(async () => {
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  server = undefined;
});

describe("Tightloop SDK", () => {
  it("batches interactions, feedback and behaviour into one authenticated request", async () => {
    const { baseUrl, received } = await fakeIngest(() => ({ status: 200 }));
    const tl = new Tightloop({ apiKey: "tlk_test", baseUrl: `${baseUrl}/`, flushIntervalMs: 60_000 });
    const id = tl.interaction({
      sessionId: "s",
      input: [{ role: "user", content: "hi" }],
      output: "hello",
      startedAt: new Date("2026-01-01T00:00:00Z"),
    });
    tl.feedback({ interactionId: id, kind: "thumbs_down" });
    tl.behavior({ interactionId: id, kind: "copy", copiedLength: 5 });
    expect(tl.pending).toBe(3);
    await tl.flush();
    expect(received).toHaveLength(1);
    expect(received[0]!.auth).toBe("Bearer tlk_test");
    expect(received[0]!.batch.map((e) => e.type)).toEqual(["interaction", "feedback", "behavior"]);
    expect(received[0]!.batch[0]).toMatchObject({
      id,
      timestamp: "2026-01-01T00:00:00.000Z",
      startedAt: "2026-01-01T00:00:00.000Z",
    });
    expect(new Set(received[0]!.batch.map((e) => e.eventId)).size).toBe(3);
    expect(tl.pending).toBe(0);
    await tl.shutdown();
  });

  it("splits large queues into maxBatchSize requests", async () => {
    const { baseUrl, received } = await fakeIngest(() => ({ status: 200 }));
    const tl = new Tightloop({ apiKey: "k", baseUrl, flushIntervalMs: 60_000, maxBatchSize: 10 });
    for (let i = 0; i < 25; i++) tl.feedback({ interactionId: `i${i}`, kind: "thumbs_up" });
    await tl.shutdown();
    expect(received.map((r) => r.batch.length)).toEqual([10, 10, 5]);
  });

  it("retries 429 (honouring Retry-After) and 5xx with the same events, delivering each once", async () => {
    const { baseUrl, received } = await fakeIngest((n) =>
      n === 1 ? { status: 429, headers: { "retry-after": "0" } } : n === 2 ? { status: 503 } : { status: 200 },
    );
    const tl = new Tightloop({ apiKey: "k", baseUrl, flushIntervalMs: 60_000 });
    tl.feedback({ interactionId: "x", kind: "thumbs_up" });
    await tl.flush();
    expect(received).toHaveLength(3);
    expect(received[2]!.batch[0]!.eventId).toBe(received[0]!.batch[0]!.eventId);
    await tl.shutdown();
  });

  it("gives up after maxRetries and reports the dropped batch", async () => {
    const { baseUrl, received } = await fakeIngest(() => ({ status: 500 }));
    const errors: TightloopError[] = [];
    const tl = new Tightloop({
      apiKey: "k",
      baseUrl,
      flushIntervalMs: 60_000,
      maxRetries: 2,
      onError: (e) => errors.push(e),
    });
    tl.feedback({ interactionId: "x", kind: "thumbs_up" });
    await tl.shutdown();
    expect(received).toHaveLength(3);
    expect(errors[0]!.message).toContain("dropped after 3 attempts");
  });

  it("does not retry a client error, and reports rejected events from a 207", async () => {
    const errors: TightloopError[] = [];
    const { baseUrl, received } = await fakeIngest((n) =>
      n === 1
        ? { status: 401, body: { error: { code: "UNAUTHORIZED", message: "Invalid or revoked API key" } } }
        : {
            status: 207,
            body: {
              results: [{ status: "invalid", eventId: "e", message: "timestamp: must be an ISO 8601 date-time" }],
            },
          },
    );
    const tl = new Tightloop({ apiKey: "k", baseUrl, flushIntervalMs: 60_000, onError: (e) => errors.push(e) });
    tl.feedback({ interactionId: "x", kind: "thumbs_up" });
    await tl.flush();
    tl.feedback({ interactionId: "y", kind: "thumbs_up" });
    await tl.flush();
    expect(received).toHaveLength(2);
    expect(errors.map((e) => e.status)).toEqual([401, 207]);
    expect(errors[0]!.message).toContain("Invalid or revoked API key");
    expect(errors[1]!.results[0]!.message).toContain("timestamp");
    await tl.shutdown();
  });

  it("flushes on the interval, and shutdown() sends what is still queued", async () => {
    const { baseUrl, received } = await fakeIngest(() => ({ status: 200 }));
    const tl = new Tightloop({ apiKey: "k", baseUrl, flushIntervalMs: 50 });
    tl.feedback({ interactionId: "a", kind: "thumbs_up" });
    await expect.poll(() => received.length, { timeout: 2000 }).toBe(1);
    tl.feedback({ interactionId: "b", kind: "thumbs_down" });
    await tl.shutdown();
    expect(received.flatMap((r) => r.batch.map((e) => e.interactionId))).toEqual(["a", "b"]);
    const errors: TightloopError[] = [];
    const closed = new Tightloop({ apiKey: "k", baseUrl, onError: (e) => errors.push(e) });
    await closed.shutdown();
    closed.feedback({ interactionId: "late", kind: "thumbs_up" });
    expect(errors[0]!.message).toContain("after shutdown");
  });
});
