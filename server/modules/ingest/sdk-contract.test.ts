// The TypeScript SDK (sdk/, a package of its own with no server imports) and the ingest API's schema must agree:
// the kinds and roles are compared as types (tsc fails on a drift), and every event the SDK can produce must pass
// the server's validation.
import { describe, expect, it } from "vitest";
import { Tightloop, type BehaviorKind, type ChatMessage, type EventResult, type FeedbackKind } from "../../../sdk/src";
import { ingestEvent, type EventStatus, type IngestEvent } from "./ingest.schema";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const same = <A, B>(agree: Equal<A, B>) => agree;

describe("the SDK's events against the ingest API's schema", () => {
  it("names the same feedback kinds, behaviour kinds, message roles and result statuses", () => {
    expect(same<FeedbackKind, Extract<IngestEvent, { type: "feedback" }>["kind"]>(true)).toBe(true);
    expect(same<BehaviorKind, Extract<IngestEvent, { type: "behavior" }>["kind"]>(true)).toBe(true);
    type ServerRole = Extract<IngestEvent, { type: "interaction" }>["input"][number]["role"];
    expect(same<ChatMessage["role"], ServerRole>(true)).toBe(true);
    expect(same<EventResult["status"], EventStatus["status"]>(true)).toBe(true);
  });

  it("sends only events the server accepts, for every kind", async () => {
    const sent: unknown[] = [];
    const client = new Tightloop({
      apiKey: "tl_test",
      baseUrl: "http://tightloop.invalid",
      fetch: async (_url, init) => {
        const { batch } = JSON.parse(String(init?.body)) as { batch: unknown[] };
        sent.push(...batch);
        return Response.json({ results: batch.map(() => ({ status: "accepted", eventId: null })) });
      },
    });
    const id = client.interaction({
      sessionId: "s-1",
      userId: "u-1",
      modelVersion: "v1",
      input: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "How do I reset my password?" },
      ],
      output: "Settings → Security → Reset.",
      startedAt: new Date(Date.now() - 2000),
      endedAt: new Date(),
      latencyMs: 2000,
      tokens: { prompt: 12, completion: 7 },
      metadata: { feature: "help" },
    });
    const feedback: Record<FeedbackKind, { value?: number; text?: string }> = {
      thumbs_up: {},
      thumbs_down: {},
      rating: { value: 4 },
      comment: { text: "Wrong menu." },
    };
    for (const [kind, extra] of Object.entries(feedback)) {
      client.feedback({ interactionId: id, kind: kind as FeedbackKind, ...extra });
    }
    const behaviors: BehaviorKind[] = ["copy", "edit", "stop_generation", "page_leave", "session_end", "regenerate"];
    for (const kind of behaviors) {
      client.behavior({ interactionId: id, sessionId: "s-1", kind, copiedLength: 10, editedText: "x", dwellMs: 5 });
    }
    await client.shutdown();
    expect(sent).toHaveLength(1 + Object.keys(feedback).length + behaviors.length);
    for (const event of sent) expect(ingestEvent.safeParse(event).error?.issues ?? []).toEqual([]);
  });
});
