import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  behaviorEvent,
  feedbackEvent,
  ingestFixture,
  interactionEvent,
  TEST_LIMITS,
} from "../../testing/ingest-fixtures";
import { createTestDatabase, testServices, type TestDatabase } from "../../testing/test-db";

let database: TestDatabase;
let services: ReturnType<typeof testServices>;
let fx: Awaited<ReturnType<typeof ingestFixture>>;

beforeAll(async () => {
  database = await createTestDatabase();
  services = testServices(database.db);
  fx = await ingestFixture(database.db, services);
});
afterAll(async () => {
  await database.drop();
});

const count = async (projectId = fx.project.id) => ({
  interactions: await database.db.interaction.count({ where: { projectId } }),
  events: await database.db.event.count({ where: { projectId } }),
});

describe("POST /api/v1/ingest", () => {
  it("accepts a valid batch, stores it durably, and wakes the signal worker", async () => {
    const ix = interactionEvent();
    const res = await fx.post({
      batch: [ix, feedbackEvent(ix.id), behaviorEvent(ix.id, "copy", { copiedLength: 40 })],
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ accepted: 3, duplicates: 0, rejected: 0 });
    expect(body.results[0]).toMatchObject({
      status: "accepted",
      eventId: ix.eventId,
      interactionId: expect.any(String),
    });
    const stored = await database.db.interaction.findUniqueOrThrow({ where: { id: body.results[0].interactionId } });
    expect(stored).toMatchObject({
      clientId: ix.id,
      sessionId: "s-1",
      endUserId: "u-1",
      queryText: "How do I reset my password?",
      latencyMs: 1500,
    });
    const events = await database.db.event.findMany({ where: { interactionRef: ix.id } });
    expect(events.every((e) => e.interactionId === stored.id)).toBe(true);
    expect(services.queue.sentTo("process-signals")).toContainEqual({ projectId: fx.project.id });
  });

  it("is idempotent: the same batch twice writes the same rows once and reports duplicates", async () => {
    const ix = interactionEvent();
    const batch = [ix, feedbackEvent(ix.id, { kind: "rating", value: 2 }), behaviorEvent(ix.id, "stop_generation")];
    const before = await count();
    expect((await (await fx.post({ batch })).json()).accepted).toBe(3);
    const again = await fx.post({ batch });
    expect(again.status).toBe(200);
    expect((await again.json()).results.map((r: { status: string }) => r.status)).toEqual([
      "duplicate",
      "duplicate",
      "duplicate",
    ]);
    const after = await count();
    expect(after).toEqual({ interactions: before.interactions + 1, events: before.events + 2 });
  });

  it("answers 207 with per-event statuses, and writes nothing from the invalid events", async () => {
    const ix = interactionEvent();
    const before = await count();
    const res = await fx.post({
      batch: [
        ix,
        { type: "feedback", eventId: "bad-1", timestamp: "yesterday", interactionId: ix.id, kind: "thumbs_down" },
        { type: "nope" },
        feedbackEvent(ix.id, { kind: "rating" }),
      ],
    });
    expect(res.status).toBe(207);
    const body = await res.json();
    expect(body.results.map((r: { status: string }) => r.status)).toEqual([
      "accepted",
      "invalid",
      "invalid",
      "invalid",
    ]);
    expect(body.results[1]).toMatchObject({ eventId: "bad-1", message: expect.stringContaining("timestamp") });
    expect(body.results[3].message).toContain("a rating needs a value");
    expect(await count()).toEqual({ interactions: before.interactions + 1, events: before.events });
  });

  it("refuses, one event at a time, what a column cannot hold, and stores the valid events of the same batch", async () => {
    const good = interactionEvent();
    const before = await count();
    const res = await fx.post({
      batch: [
        interactionEvent({ tokens: { prompt: 2 ** 31 } }),
        interactionEvent({ timestamp: "0001-01-01T00:00:00Z" }),
        interactionEvent({ timestamp: "9999-12-31T00:00:00Z" }),
        interactionEvent({ output: "NUL \u0000 inside" }),
        interactionEvent({ input: [{ role: "user", content: "lone \ud800 surrogate" }] }),
        interactionEvent({ metadata: { note: "x\u0000" } }),
        good,
      ],
    });
    expect(res.status).toBe(207);
    const body = await res.json();
    const statuses = body.results.map((r: { status: string }) => r.status);
    expect(statuses).toEqual(["invalid", "invalid", "invalid", "invalid", "invalid", "invalid", "accepted"]);
    expect(body.results[0].message).toContain("tokens");
    expect(body.results[1].message).toContain("2000 or later");
    expect(body.results[2].message).toContain("future");
    expect(body.results[3].message).toContain("NUL");
    expect(await count()).toEqual({ interactions: before.interactions + 1, events: before.events });
  });

  it("keeps feedback that arrives before its interaction and links it when the interaction comes", async () => {
    const ix = interactionEvent();
    await fx.post({ batch: [feedbackEvent(ix.id)] });
    const early = await database.db.event.findFirstOrThrow({ where: { interactionRef: ix.id } });
    expect(early.interactionId).toBeNull();
    const res = await (await fx.post({ batch: [ix] })).json();
    const linked = await database.db.event.findFirstOrThrow({ where: { id: early.id } });
    expect(linked.interactionId).toBe(res.results[0].interactionId);
  });

  it("links events that refer to the interaction by the id Tightloop returned", async () => {
    const ix = interactionEvent();
    const id = (await (await fx.post({ batch: [ix] })).json()).results[0].interactionId as string;
    await fx.post({ batch: [feedbackEvent(id)] });
    expect((await database.db.event.findFirstOrThrow({ where: { interactionRef: id } })).interactionId).toBe(id);
  });

  it("refuses requests without a valid key (401)", async () => {
    expect((await fx.post({ batch: [interactionEvent()] }, { key: null })).status).toBe(401);
    expect((await fx.post({ batch: [interactionEvent()] }, { key: "tlk_nope" })).status).toBe(401);
    const revoked = await services.apiKeys.create(
      fx.project.id,
      { name: "old", scope: "ingest", allowedOrigins: [] },
      fx.admin.id,
    );
    await services.apiKeys.revoke(fx.project.id, revoked.id, fx.admin.id);
    const res = await fx.post({ batch: [interactionEvent()] }, { key: revoked.key });
    expect(res.status).toBe(401);
    expect((await res.json()).error.message).toBe("Invalid or revoked API key");
  });

  it("a feedback-only key cannot write interactions, only feedback and behavior (207 forbidden)", async () => {
    const ix = interactionEvent();
    const res = await fx.post(
      { batch: [ix, feedbackEvent(ix.id)] },
      { key: fx.browserKey, origin: "https://app.example.com" },
    );
    expect(res.status).toBe(207);
    expect(res.headers.get("access-control-allow-origin")).toBe("https://app.example.com");
    const body = await res.json();
    expect(body.results[0]).toMatchObject({
      status: "forbidden",
      message: "a feedback-only key cannot send interactions",
    });
    expect(body.results[1]).toMatchObject({ status: "accepted" });
    expect(await database.db.interaction.count({ where: { clientId: ix.id } })).toBe(0);
  });

  it("refuses a browser key from an origin it does not allow (403)", async () => {
    const res = await fx.post(
      { batch: [feedbackEvent("x")] },
      { key: fx.browserKey, origin: "https://evil.example.com" },
    );
    expect(res.status).toBe(403);
  });

  it("accepts a sendBeacon: feedback-only key in ?key= with a text/plain body; refuses server keys in the URL", async () => {
    const ok = await fx.post(
      { batch: [behaviorEvent("x", "page_leave", { dwellMs: 5000 })] },
      { key: null, query: `?key=${fx.browserKey}`, contentType: "text/plain;charset=UTF-8" },
    );
    expect(ok.status).toBe(200);
    const leaked = await fx.post(
      { batch: [behaviorEvent("x", "copy")] },
      { key: null, query: `?key=${fx.ingestKey}`, contentType: "text/plain" },
    );
    expect(leaked.status).toBe(401);
  });

  it("answers 400 for bodies that are not a batch, 415 for the wrong content type, 413 when too big", async () => {
    expect((await fx.post(null, { raw: "{not json" })).status).toBe(400);
    expect((await fx.post({ events: [] })).status).toBe(400);
    expect((await fx.post({ batch: [] })).status).toBe(400);
    expect((await fx.post({ batch: [] }, { contentType: "application/xml" })).status).toBe(415);
    expect((await fx.post(null, { raw: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]) })).status).toBe(400);

    const tooMany = await fx.post({
      batch: Array.from({ length: TEST_LIMITS.maxEvents + 1 }, () => feedbackEvent("x")),
    });
    expect(tooMany.status).toBe(413);
    expect((await tooMany.json()).error.message).toContain(`at most ${TEST_LIMITS.maxEvents} events`);
    const huge = await fx.post({ batch: [interactionEvent({ output: "x".repeat(TEST_LIMITS.maxBytes) })] });
    expect(huge.status).toBe(413);
  });

  it("rate-limits per key with 429 and Retry-After", async () => {
    const limited = await ingestFixture(database.db, services, { ...TEST_LIMITS, requestsPerMinute: 3 });
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    // Seven calls: however a minute boundary splits them, one window sees at least four.
    for (let i = 0; i < 7; i++) {
      const res = await limited.post({ batch: [feedbackEvent("x")] });
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get("retry-after");
    }
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(1);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(retryAfter)).toBeLessThanOrEqual(60);
  });
});
