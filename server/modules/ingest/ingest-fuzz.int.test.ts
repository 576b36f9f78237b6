import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, createDb, type Db } from "../../db";
import { behaviorEvent, feedbackEvent, ingestFixture, interactionEvent } from "../../testing/ingest-fixtures";
import { createTestDatabase, testServices, type TestDatabase } from "../../testing/test-db";

// Reliability: hostile and broken input mixed with valid events must never produce a 5xx, and the database must
// end up with exactly the valid events — nothing from an invalid one. Then: many concurrent clients re-sending
// and retrying must end with exact row counts.

/** Deterministic PRNG (mulberry32) so a failure can be replayed. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let database: TestDatabase;
let db: Db;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url, 12);
});
afterAll(async () => {
  await closeDb(db);
  await database.drop();
});

function deepNest(depth: number): unknown {
  let v: unknown = "leaf";
  for (let i = 0; i < depth; i++) v = { n: v };
  return v;
}

/** Ways to break an otherwise valid event; each yields something the schema must reject. */
const BREAKERS: Array<(e: Record<string, unknown>, r: () => number) => unknown> = [
  (e) => ({ ...e, type: "interactionz" }),
  (e) => ({ ...e, eventId: 12345 }),
  (e) => ({ ...e, eventId: "" }),
  (e) => ({ ...e, timestamp: "last tuesday" }),
  (e) => ({ ...e, timestamp: undefined }),
  (e) => ({ ...e, interactionId: undefined, id: undefined, sessionId: undefined }),
  (e) => ({ ...e, type: "feedback", kind: "thumbs_sideways" }),
  (e) => ({ ...e, eventId: "x".repeat(5000) }),
  (e) => ({
    ...e,
    metadata: deepNest(200),
    input: e.input ? [{ role: "user", content: "hi", extra: deepNest(100) }] : undefined,
    nested: deepNest(100),
  }),
  (e) => ({ ...e, eventId: `nul\u0000byte` }),
  (e) => ({ ...e, eventId: `lone-\ud800-surrogate` }),
  (e) => ({ ...e, input: "not an array", type: "interaction" }),
  (e) => ({ ...e, type: "interaction", input: [] }),
  (e) => ({ ...e, type: "feedback", kind: "rating", value: "five" }),
  (e) => ({ ...e, type: "behavior", kind: "edit", editedText: undefined }),
  (e) => ({ ...e, type: "interaction", output: "y".repeat(200_001) }),
  (e) => ({ ...e, type: "interaction", latencyMs: -1 }),
  (e) => ({
    ...e,
    type: "interaction",
    metadata: Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`k${i}`, i])),
  }),
  () => null,
  () => 42,
  () => "a string event",
  () => [1, 2, 3],
  (_e, r) => ({ type: ["interaction", "feedback", "behavior"][Math.floor(r() * 3)] }),
];

describe("ingest reliability", () => {
  it(
    "survives ≥ 10,000 generated payloads with zero 5xx and stores exactly the valid events",
    { timeout: 240_000 },
    async () => {
      const services = testServices(db);
      const fx = await ingestFixture(db, services);
      const r = rng(20261126);
      const valid = new Set<string>();
      let payloads = 0;
      let fiveHundreds = 0;
      const statuses = new Map<number, number>();
      const tally = (s: number) => {
        statuses.set(s, (statuses.get(s) ?? 0) + 1);
        if (s >= 500) fiveHundreds++;
      };

      let n = 0;
      const makeValid = () => {
        n++;
        const kind = r();
        const e =
          kind < 0.4
            ? interactionEvent({
                eventId: `ok-${n}`,
                id: `ok-int-${n}`,
                sessionId: `s-${n % 97}`,
                userId: `u-${n % 31}`,
              })
            : kind < 0.7
              ? feedbackEvent(`ok-int-${Math.max(1, n - 1)}`, {
                  eventId: `ok-${n}`,
                  kind: r() < 0.5 ? "thumbs_down" : "thumbs_up",
                })
              : behaviorEvent(`ok-int-${Math.max(1, n - 1)}`, "copy", {
                  eventId: `ok-${n}`,
                  copiedLength: Math.floor(r() * 500),
                });
        valid.add(e.eventId);
        return e;
      };
      const makeInvalid = () => {
        n++;
        const base =
          r() < 0.5
            ? interactionEvent({ eventId: `bad-${n}`, id: `bad-int-${n}` })
            : feedbackEvent("ok-int-1", { eventId: `bad-${n}` });
        return BREAKERS[Math.floor(r() * BREAKERS.length)]!(base, r);
      };

      while (payloads < 10_000) {
        const mode = r();
        if (mode < 0.9) {
          // A batch mixing valid and broken events.
          const size = 1 + Math.floor(r() * 60);
          const batch = Array.from({ length: size }, () => (r() < 0.5 ? makeValid() : makeInvalid()));
          payloads += size;
          const res = await fx.post({ batch });
          tally(res.status);
          const body = await res.json();
          if (res.status === 200 || res.status === 207) {
            for (let i = 0; i < batch.length; i++) {
              const id = (batch[i] as { eventId?: unknown } | null)?.eventId;
              if (typeof id === "string" && valid.has(id))
                expect(body.results[i].status, JSON.stringify(body.results[i])).toBe("accepted");
            }
          }
        } else {
          // A broken request: its events must not count as stored, whatever they contain.
          payloads++;
          const variant = Math.floor(r() * 7);
          const inner = [makeInvalid()];
          const res =
            variant === 0
              ? await fx.post(null, {
                  raw: new Uint8Array([0x7b, 0x22, 0x62, 0xc3, 0x28, 0x22, 0x3a, 0x5b, 0x5d, 0x7d]),
                }) // invalid UTF-8
              : variant === 1
                ? await fx.post(null, { raw: `{"batch": [${"[".repeat(50_000)}${"]".repeat(50_000)}]}` }) // very deep nesting
                : variant === 2
                  ? await fx.post({ batch: inner }, { contentType: "multipart/form-data" })
                  : variant === 3
                    ? await fx.post(null, { raw: '{"batch": {"0": 1}}' })
                    : variant === 4
                      ? await fx.post(null, {
                          raw: `{"batch": [${JSON.stringify(interactionEvent({ eventId: "bad-truncated" })).slice(0, 80)}`,
                        })
                      : variant === 5
                        ? await fx.post({ batch: inner }, { key: "tlk_not_a_real_key" })
                        : await fx.post(null, { raw: "" });
          tally(res.status);
          expect(res.status).toBeLessThan(500);
          // A syntactically valid batch of broken events is a 207 with nothing accepted; anything else is a 4xx.
          if (res.status < 400) expect((await res.json()).accepted).toBe(0);
        }
      }

      expect(fiveHundreds).toBe(0);
      expect(payloads).toBeGreaterThanOrEqual(10_000);
      const stored = new Set([
        ...(
          await db.interaction.findMany({ where: { projectId: fx.project.id }, select: { clientEventId: true } })
        ).map((x) => x.clientEventId!),
        ...(await db.event.findMany({ where: { projectId: fx.project.id }, select: { clientEventId: true } })).map(
          (x) => x.clientEventId,
        ),
      ]);
      expect(stored.size).toBe(valid.size);
      expect([...stored].filter((id) => !valid.has(id))).toEqual([]);
      console.log(
        `fuzz: ${payloads} payloads, ${valid.size} valid stored, statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
      );
    },
  );

  it(
    "20 concurrent clients × 200 batches with duplicates and retries end with exact row counts",
    { timeout: 240_000 },
    async () => {
      const services = testServices(db);
      const fx = await ingestFixture(db, services);
      const expectedInteractions = new Set<string>();
      const expectedEvents = new Set<string>();
      let errors = 0;

      await Promise.all(
        Array.from({ length: 20 }, async (_, client) => {
          const r = rng(1000 + client);
          let previous: unknown[] = [];
          for (let b = 0; b < 200; b++) {
            const batch: unknown[] = [];
            for (let i = 0; i < 4; i++) {
              const n = `${client}-${b}-${i}`;
              if (i === 0) {
                const e = interactionEvent({ eventId: `c-ix-${n}`, id: `c-int-${n}`, sessionId: `cs-${client}` });
                expectedInteractions.add(e.eventId);
                batch.push(e);
              } else {
                const e = feedbackEvent(`c-int-${client}-${b}-0`, { eventId: `c-ev-${n}` });
                expectedEvents.add(e.eventId);
                batch.push(e);
              }
            }
            // Duplicates: re-send part of the previous batch, and events another client also sends.
            if (previous.length && r() < 0.5) batch.push(...previous.slice(0, 2));
            batch.push(feedbackEvent("shared", { eventId: `shared-${b}` }));
            expectedEvents.add(`shared-${b}`);
            const res = await fx.post({ batch });
            if (res.status !== 200) errors++;
            // Retries: a client that "timed out" sends the identical batch again.
            if (r() < 0.2) {
              const retry = await fx.post({ batch });
              if (retry.status !== 200) errors++;
              const body = await retry.json();
              if (body.results.some((x: { status: string }) => x.status === "accepted")) errors++;
            }
            previous = batch;
          }
        }),
      );

      expect(errors).toBe(0);
      expect(await db.interaction.count({ where: { projectId: fx.project.id } })).toBe(expectedInteractions.size);
      expect(await db.event.count({ where: { projectId: fx.project.id } })).toBe(expectedEvents.size);
      expect(expectedInteractions.size).toBe(20 * 200);
      expect(expectedEvents.size).toBe(20 * 200 * 3 + 200);
    },
  );
});
