import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { behaviorEvent, feedbackEvent, ingestFixture, interactionEvent } from "../../testing/ingest-fixtures";
import { createTestDatabase, testServices, type TestDatabase } from "../../testing/test-db";

// Ingest → worker rules → signals, on the real database with the real embedding model.

let database: TestDatabase;
let clock = new Date("2026-11-26T12:00:00Z");
let services: ReturnType<typeof testServices>;
let fx: Awaited<ReturnType<typeof ingestFixture>>;
const t = (seconds: number) => new Date(Date.parse("2026-11-26T10:00:00Z") + seconds * 1000);

beforeAll(async () => {
  database = await createTestDatabase();
  services = testServices(database.db, { now: () => clock });
  fx = await ingestFixture(database.db, services);
});
afterAll(async () => {
  await database.drop();
});

async function signalsOf(clientId: string) {
  const interaction = await database.db.interaction.findFirstOrThrow({ where: { projectId: fx.project.id, clientId } });
  return database.db.signal.findMany({ where: { interactionId: interaction.id }, orderBy: { type: "asc" } });
}

describe("signal derivation", () => {
  it(
    "derives rephrase, explicit, truncation, correction and abandonment signals, with topics, idempotently",
    { timeout: 60_000 },
    async () => {
      const q = (id: string, session: string, text: string, at: number, output = "An answer.") =>
        interactionEvent(
          {
            id,
            sessionId: session,
            userId: "u-7",
            input: [{ role: "user", content: text }],
            output,
            startedAt: t(at).toISOString(),
            endedAt: t(at + 2).toISOString(),
          },
          t(at),
        );
      const batch = [
        // Session A: a rephrase, then thumbs down on the second answer, then the user leaves.
        q("a1", "A", "How do I reset my password?", 0),
        q("a2", "A", "I forgot my password, how can I change it?", 20),
        feedbackEvent("a2", {}, t(25)),
        // Session B: a fast success (copy) — no abandonment; a same-topic different task is no rephrase.
        q("b1", "B", "How do I cancel my subscription?", 100),
        q("b2", "B", "How do I upgrade my subscription to the annual plan?", 120, "Upgrade under Billing."),
        behaviorEvent("b2", "copy", { copiedLength: 20 }, t(125)),
        // Session C: stop generation, and an edited copy of the answer.
        q("c1", "C", "What is the capital of Australia?", 200, "The capital of Australia is Sydney."),
        behaviorEvent("c1", "stop_generation", { generatedChars: 12 }, t(203)),
        behaviorEvent("c1", "copy", {}, t(205)),
        behaviorEvent("c1", "edit", { editedText: "The capital of Australia is Canberra." }, t(210)),
      ];
      const res = await fx.post({ batch });
      expect((await res.json()).accepted).toBe(batch.length);

      clock = t(10_000); // every session is idle past the default 30 min
      const first = await services.signals.processProject(fx.project.id);
      expect(first).toMatchObject({ interactions: 5, events: 5, sessionsClosed: 3, backlog: false });

      expect((await signalsOf("a1")).map((s) => s.type)).toEqual(["rephrase"]);
      const rephrase = (await signalsOf("a1"))[0]!;
      expect(rephrase).toMatchObject({ source: "implicit", polarity: "negative" });
      expect(rephrase.evidence).toMatchObject({ method: "embedding", gapSeconds: 18 });
      expect((await signalsOf("a2")).map((s) => `${s.type}/${s.source}`)).toEqual([
        "abandonment/implicit",
        "thumbs_down/explicit",
      ]);
      expect((await signalsOf("a2")).find((s) => s.type === "abandonment")!.strength).toBe(1); // rephrased earlier + thumbs down
      expect(await signalsOf("b1")).toEqual([]);
      expect(await signalsOf("b2")).toEqual([]);
      const c1 = await signalsOf("c1");
      // The copy counts as a success action, so leaving afterwards is no abandonment.
      expect(c1.map((s) => s.type)).toEqual(["correction", "truncation"]);
      expect(c1.find((s) => s.type === "correction")!.evidence).toMatchObject({
        correctedText: "The capital of Australia is Canberra.",
      });

      // Topics: the two password questions share one; the interactions carry language, embedding and topic.
      const [a1, a2, c] = await Promise.all(
        ["a1", "a2", "c1"].map((id) =>
          database.db.interaction.findFirstOrThrow({ where: { projectId: fx.project.id, clientId: id } }),
        ),
      );
      expect(a1!.language).toBe("en");
      expect(a1!.embedding).toHaveLength(512);
      expect(a1!.topicId).toBe(a2!.topicId);
      expect(c!.topicId).not.toBe(a1!.topicId);

      // Idempotent: re-running (and re-opening the sessions) adds nothing.
      const total = await database.db.signal.count({ where: { projectId: fx.project.id } });
      await database.db.sessionState.updateMany({ where: { projectId: fx.project.id }, data: { closedAt: null } });
      await database.db.interaction.updateMany({ where: { projectId: fx.project.id }, data: { processedAt: null } });
      await database.db.event.updateMany({ where: { projectId: fx.project.id }, data: { processedAt: null } });
      await services.signals.processProject(fx.project.id);
      expect(await database.db.signal.count({ where: { projectId: fx.project.id } })).toBe(total);
    },
  );

  it("finds a return query across sessions, and keeps an idle-less session open", { timeout: 60_000 }, async () => {
    await fx.post({
      batch: [
        interactionEvent(
          {
            id: "r1",
            sessionId: "R1",
            userId: "u-9",
            input: [{ role: "user", content: "How do I export my data to CSV?" }],
            startedAt: t(20_000).toISOString(),
          },
          t(20_000),
        ),
        interactionEvent(
          {
            id: "r2",
            sessionId: "R2",
            userId: "u-9",
            input: [{ role: "user", content: "How do I export my data to CSV?" }],
            startedAt: t(23_600).toISOString(),
          },
          t(23_600),
        ),
      ],
    });
    clock = t(23_700); // R2 is only 100 s old: not idle yet
    const result = await services.signals.processProject(fx.project.id);
    expect(result.sessionsClosed).toBe(1);
    expect((await signalsOf("r1")).map((s) => s.type)).toEqual(["abandonment", "return_query"]);
    expect(
      await database.db.sessionState.findFirst({ where: { projectId: fx.project.id, sessionId: "R2" } }),
    ).toMatchObject({ closedAt: null });
  });

  it("never takes a shadow copy for a turn of the user's session (no rephrase), nor counts its query in a topic", async () => {
    await fx.post({
      batch: [
        interactionEvent(
          {
            id: "m1",
            sessionId: "M",
            userId: "u-11",
            input: [{ role: "user", content: "How do I connect Zapier to my workspace?" }],
            output: "Open Integrations, then Zapier.",
            startedAt: t(30_000).toISOString(),
            endedAt: t(30_001).toISOString(),
          },
          t(30_000),
        ),
      ],
    });
    const production = await database.db.interaction.findFirstOrThrow({
      where: { projectId: fx.project.id, clientId: "m1" },
    });
    // The gateway's mirrored copy: same session and question, a quarter second later.
    await database.db.interaction.create({
      data: {
        projectId: fx.project.id,
        clientId: "m1-shadow",
        role: "shadow",
        shadowOfId: production.id,
        sessionId: "M",
        endUserId: "u-11",
        input: [{ role: "user", content: "How do I connect Zapier to my workspace?" }],
        output: "Zapier is under Integrations.",
        queryText: "How do I connect Zapier to my workspace?",
        startedAt: t(30_000.25),
      },
    });
    clock = t(30_010);
    await services.signals.processProject(fx.project.id);
    const [prod, shadow] = await Promise.all(
      ["m1", "m1-shadow"].map((clientId) =>
        database.db.interaction.findFirstOrThrow({ where: { projectId: fx.project.id, clientId } }),
      ),
    );
    expect(await signalsOf("m1")).toEqual([]);
    expect(await signalsOf("m1-shadow")).toEqual([]);
    expect(shadow!.processedAt).not.toBeNull();
    expect(shadow!.topicId).toBe(prod!.topicId);
    const topic = await database.db.topic.findUniqueOrThrow({ where: { id: prod!.topicId! } });
    expect(topic.size).toBe(await database.db.interaction.count({ where: { topicId: topic.id, role: "production" } }));

    // The judge failed the answer; the user then left. Abandonment weighs what the user did, not the verdict (which
    // may or may not have landed when the session closes), so its strength does not depend on judging speed.
    await database.db.signal.create({
      data: {
        projectId: fx.project.id,
        interactionId: prod!.id,
        type: "judge_fail",
        polarity: "negative",
        strength: 0.75,
        source: "judge",
        evidence: {},
        dedupeKey: `judge_fail:${prod!.id}`,
        occurredAt: t(30_005),
      },
    });
    clock = t(40_000);
    await services.signals.processProject(fx.project.id);
    const abandonment = (await signalsOf("m1")).find((s) => s.type === "abandonment");
    expect(abandonment).toMatchObject({ strength: 0.6, evidence: expect.objectContaining({ negativeSignals: [] }) });
  });
});
