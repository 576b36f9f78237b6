import { describe, expect, it } from "vitest";
import { STANDARD_SETTINGS } from "../../settings/settings-profiles";
import { lexicalOverlap, normalizedEditDistance, classifyLanguage } from "../text";
import { detectAbandonment } from "./abandonment";
import { correctionSignal, explicitSignal } from "./events";
import { detectRephrase, type QueryTurn } from "./rephrase";
import { detectReturnQuery } from "./return-query";

const s = STANDARD_SETTINGS.signals;
const t0 = new Date("2026-11-26T10:00:00Z");
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

// Unit vectors with a chosen cosine: a = e1, b = cos·e1 + sin·e2.
const vec = (cos: number): number[] => [cos, Math.sqrt(1 - cos * cos), 0];
const turn = (
  id: string,
  text: string,
  startSec: number,
  embedding: number[] | null = [1, 0, 0],
  language = "en",
): QueryTurn & { sessionId: string | null } => ({
  interactionId: id,
  text,
  language,
  embedding,
  startedAt: at(startSec),
  endedAt: at(startSec + 2),
  sessionId: "s1",
});

describe("rephrase", () => {
  it("fires for a paraphrase soon after the answer, stronger when sooner", () => {
    const prev = turn("a", "How do I reset my password?", 0);
    const soon = detectRephrase(prev, turn("b", "I forgot my password, how can I change it?", 10, vec(0.92)), s);
    const late = detectRephrase(prev, turn("b", "I forgot my password, how can I change it?", 250, vec(0.92)), s);
    expect(soon).toMatchObject({ type: "rephrase", polarity: "negative", evidence: { method: "embedding" } });
    expect(soon!.strength).toBeGreaterThan(late!.strength);
  });

  it("does not fire for a same-topic different task (high similarity, different content words)", () => {
    const prev = turn("a", "How do I cancel my subscription?", 0);
    expect(
      detectRephrase(prev, turn("b", "How do I upgrade my subscription to the annual plan?", 20, vec(0.82)), s),
    ).toBeNull();
  });

  it("fires for a moderate similarity when the key words are shared", () => {
    const prev = turn("a", "How do I cancel my subscription?", 0);
    expect(detectRephrase(prev, turn("b", "how to cancel subscription", 15, vec(0.73)), s)).not.toBeNull();
  });

  it("does not fire outside the window, or for unrelated questions", () => {
    const prev = turn("a", "How do I reset my password?", 0);
    expect(detectRephrase(prev, turn("b", "How do I reset my password?", s.rephraseWindowSeconds + 10), s)).toBeNull();
    expect(detectRephrase(prev, turn("b", "What is the weather in Paris?", 10, vec(0.1)), s)).toBeNull();
  });

  it("treats an identical retry as the strongest rephrase", () => {
    expect(detectRephrase(turn("a", "Reset password", 0), turn("b", "  reset   PASSWORD ", 3), s)).toMatchObject({
      evidence: { method: "identical" },
    });
  });

  it("falls back to word overlap for non-English text", () => {
    const prev = turn("a", "¿Cómo restablezco mi contraseña de la cuenta?", 0, null, "es");
    const same = detectRephrase(prev, turn("b", "restablezco contraseña cuenta", 10, null, "es"), s);
    const other = detectRephrase(prev, turn("b", "¿Qué tiempo hace en Madrid?", 10, null, "es"), s);
    expect(same).toMatchObject({ evidence: { method: "lexical" } });
    expect(other).toBeNull();
  });
});

describe("return query", () => {
  it("fires on the earlier interaction when the user asks again in another session within the window", () => {
    const earlier = { ...turn("a", "How do I export my data to CSV?", 0), sessionId: "s1" };
    const later = { ...turn("b", "How do I export my data to CSV?", 3600), sessionId: "s2" };
    expect(detectReturnQuery(earlier, later, s)).toMatchObject({
      type: "return_query",
      evidence: { laterInteractionId: "b" },
    });
    expect(detectReturnQuery(earlier, { ...later, startedAt: at(s.returnQueryWindowSeconds + 1) }, s)).toBeNull();
  });

  it("leaves asking again within one session to the rephrase rule, however late", () => {
    expect(detectReturnQuery(turn("a", "export to csv", 0), turn("b", "export to csv", 30), s)).toBeNull();
    expect(detectReturnQuery(turn("a", "export to csv", 0), turn("b", "export to csv", 3000), s)).toBeNull();
  });
});

describe("explicit feedback", () => {
  it("maps thumbs and ratings onto polarity and strength", () => {
    expect(explicitSignal("thumbs_down", {})).toMatchObject({ polarity: "negative", strength: 1 });
    expect(explicitSignal("thumbs_up", {})).toMatchObject({ polarity: "positive", strength: 1 });
    expect(explicitSignal("rating", { value: 1, scale: 5 })).toMatchObject({ polarity: "negative", strength: 1 });
    expect(explicitSignal("rating", { value: 3, scale: 5 })).toMatchObject({ polarity: "neutral", strength: 0 });
    expect(explicitSignal("rating", { value: 5 })).toMatchObject({ polarity: "positive", strength: 1 });
    expect(explicitSignal("rating", { value: 9, scale: 10 })).toMatchObject({ polarity: "positive" });
  });
});

describe("correction", () => {
  it("needs a copy first, and scales with the size of the edit; the edited text is kept", () => {
    const answer = "The capital of Australia is Sydney.";
    expect(correctionSignal(answer, "The capital of Australia is Canberra.", false)).toBeNull();
    expect(correctionSignal(answer, answer, true)).toBeNull();
    const small = correctionSignal(answer, "The capital of Australia is Canberra.", true)!;
    const big = correctionSignal(
      answer,
      "Canberra has been Australia's capital since 1913; Sydney is the largest city.",
      true,
    )!;
    expect(small.evidence.correctedText).toBe("The capital of Australia is Canberra.");
    expect(big.strength).toBeGreaterThan(small.strength);
  });
});

describe("abandonment", () => {
  const answeredAt = at(0);
  const facts = { lastActivityAt: at(5), negativeSignalTypes: [], rephrasedEarlier: false, interactionsInSession: 1 };

  it("a fast success (copy within seconds, then gone) is not abandonment", () => {
    expect(
      detectAbandonment({ interactionId: "a", answeredAt, events: [{ kind: "copy", occurredAt: at(3) }] }, facts),
    ).toBeNull();
    expect(
      detectAbandonment({ interactionId: "a", answeredAt, events: [{ kind: "thumbs_up", occurredAt: at(3) }] }, facts),
    ).toBeNull();
    expect(
      detectAbandonment(
        { interactionId: "a", answeredAt, events: [{ kind: "rating", occurredAt: at(3), value: 5 }] },
        facts,
      ),
    ).toBeNull();
  });

  it("leaving with no success action is abandonment, stronger after struggling, with its features as evidence", () => {
    const plain = detectAbandonment(
      { interactionId: "a", answeredAt, events: [{ kind: "page_leave", occurredAt: at(5), dwellMs: 4000 }] },
      facts,
    )!;
    expect(plain).toMatchObject({
      type: "abandonment",
      evidence: { dwellSeconds: 5, pageLeaveDwellMs: 4000, copied: false },
    });
    const struggling = detectAbandonment(
      { interactionId: "a", answeredAt, events: [] },
      { ...facts, rephrasedEarlier: true, negativeSignalTypes: ["thumbs_down"] },
    )!;
    expect(struggling.strength).toBeGreaterThan(plain.strength);
    expect(struggling.strength).toBeLessThanOrEqual(1);
  });
});

describe("text features", () => {
  it("word overlap ignores stopwords and plural endings", () => {
    expect(lexicalOverlap("How do I cancel my subscription?", "how to cancel subscriptions")).toBe(1);
    expect(lexicalOverlap("", "anything")).toBe(0);
  });

  it("normalized edit distance is 0 for equal strings and 1 for disjoint ones", () => {
    expect(normalizedEditDistance("abc", "abc")).toBe(0);
    expect(normalizedEditDistance("abc", "xyz")).toBe(1);
    expect(normalizedEditDistance("kitten", "sitting")).toBeCloseTo(3 / 7, 10); // Levenshtein's classic: 3 edits
  });

  it("classifies language from the detector, treating short unplaceable ASCII as English", () => {
    expect(classifyLanguage("reset password", [{ lang: "af", accuracy: 0.08 }])).toBe("en");
    expect(classifyLanguage("Wie setze ich mein Passwort zurück?", [{ lang: "de", accuracy: 1 }])).toBe("de");
    expect(classifyLanguage("пароль", [])).toBe("und");
  });
});
