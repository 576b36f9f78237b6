import { describe, expect, it } from "vitest";
import { seededRandom } from "../stats/random";
import { simulatedChat } from "./endpoint";
import { simulatedJudgeVerdict } from "./judge";
import { SIMULATED_PROFILES, assessAnswer, qualityFor, simulatedAnswer, simulatedModelConfig } from "./model";
import { EMERGING_TOPIC, TOPICS, fill, recognise } from "./topics";
import { learnedShare, simulatedFineTune } from "./trainer";
import { simulatedTopicName } from "./judge";
import { DEFAULT_BEHAVIOR, react } from "./users";
import { askQuestion, goodAnswers, rephrase, topicMix } from "./world";

const clock = { start: new Date("2026-01-01T00:00:00Z"), emergeAfterHours: 48 };
const hours = (h: number) => new Date(clock.start.getTime() + h * 3_600_000);

describe("simulated world", () => {
  it("recognises every paraphrase of every intent with its slot values", () => {
    for (const topic of TOPICS) {
      const values = Object.fromEntries(Object.entries(topic.slots).map(([k, v]) => [k, v[v.length - 1]!]));
      topic.intents.forEach((intent, intentIndex) => {
        for (const p of intent.paraphrases) {
          const known = recognise(fill(p, values));
          expect(known, p).not.toBeNull();
          expect(known!.topic.key).toBe(topic.key);
          expect(known!.intentIndex).toBe(intentIndex);
          // Answers are filled with the same details the user gave.
          for (const name of Object.keys(values))
            if (p.includes(`{${name}}`)) expect(known!.values[name]).toBe(values[name]);
        }
      });
    }
    expect(recognise("Hello! Reply with one short sentence.")).toBeNull();
  });

  it("answers well at the model's per-topic quality and keeps the truth to itself", () => {
    const random = seededRandom(7);
    const config = SIMULATED_PROFILES["support-bot-v1"];
    for (const topicKey of ["password_reset", "refunds", "sso_setup"]) {
      const topic = TOPICS.find((t) => t.key === topicKey)!;
      const values = Object.fromEntries(Object.entries(topic.slots).map(([k, v]) => [k, v[0]!]));
      const question = fill(topic.intents[0]!.paraphrases[0]!, values);
      let good = 0;
      const n = 2000;
      for (let i = 0; i < n; i++) {
        const a = simulatedAnswer(config, question, random);
        expect(assessAnswer(question, a.text)).toEqual(a.truth); // the users' and judge's view matches the truth
        if (a.truth!.good) good++;
      }
      // Binomial standard error at n = 2000 is ≤ 0.011; 4 SE keeps the test stable.
      expect(Math.abs(good / n - qualityFor(config, topicKey))).toBeLessThan(0.045);
    }
  });

  it("drifts the topic mix and brings in the emerging topic only after it appears", () => {
    expect(topicMix(clock, hours(10))[EMERGING_TOPIC]).toBe(0);
    expect(topicMix(clock, hours(60))[EMERGING_TOPIC]).toBeGreaterThan(0.04);
    expect(topicMix(clock, hours(200))["shipping"]).toBeGreaterThan(topicMix(clock, hours(0))["shipping"]!);
    const total = Object.values(topicMix(clock, hours(100))).reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(1, 10);
    const random = seededRandom(1);
    const early = Array.from({ length: 500 }, () => askQuestion(clock, hours(1), random).topic.key);
    expect(early).not.toContain(EMERGING_TOPIC);
  });

  it("launches the emerging topic with a fast ramp to a launch-day share (the demo loop's world)", () => {
    const launch = { ...clock, emergeAfterHours: 10, rampHours: 1 / 60, emergingWeight: 0.5 };
    expect(topicMix(launch, hours(9.99))[EMERGING_TOPIC]).toBe(0);
    // Half-way up the one-minute ramp: weight 0.25 against the others' ≈ 1 (drift after 10 h is tiny).
    expect(topicMix(launch, hours(10 + 0.5 / 60))[EMERGING_TOPIC]).toBeCloseTo(0.25 / 1.25, 2);
    expect(topicMix(launch, hours(10 + 2 / 60))[EMERGING_TOPIC]).toBeCloseTo(1 / 3, 2);
    expect(topicMix(launch, hours(20))[EMERGING_TOPIC]).toBeCloseTo(1 / 3, 2);
  });

  it("rephrases in other words but keeps the question's details", () => {
    const random = seededRandom(3);
    const q = askQuestion(clock, hours(1), random);
    const r = rephrase(q, random);
    expect(r.text).not.toBe(q.text);
    expect(recognise(r.text)).toMatchObject({
      topic: { key: q.topic.key },
      intentIndex: q.intentIndex,
      values: q.values,
    });
    expect(goodAnswers(r)).toEqual(goodAnswers(q));
  });

  it("reacts like real users: explicit feedback stays around 1–3 %", () => {
    const random = seededRandom(11);
    let thumbs = 0;
    let rephrases = 0;
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      const good = random() < 0.75;
      const r = react(good, DEFAULT_BEHAVIOR, random, { rephrasesSoFar: 0 });
      if ((r.kind === "accept" && r.thumbsUp) || (r.kind === "reject" && r.thumbsDown)) thumbs++;
      if (r.kind === "reject" && r.next === "rephrase") rephrases++;
    }
    expect(thumbs / n).toBeGreaterThan(0.01);
    expect(thumbs / n).toBeLessThan(0.03);
    expect(rephrases / n).toBeGreaterThan(0.05);
    // After the last allowed rephrase a user never rephrases again.
    for (let i = 0; i < 200; i++) {
      const r = react(false, DEFAULT_BEHAVIOR, random, { rephrasesSoFar: DEFAULT_BEHAVIOR.maxRephrases });
      expect(r.kind === "reject" && r.next).not.toBe("rephrase");
    }
  });

  it("speaks the OpenAI wire format, JSON and SSE", async () => {
    const config = simulatedModelConfig.parse({ defaultQuality: 1, latencyMs: 0, msPerWord: 0 });
    const body = { messages: [{ role: "user", content: "How do I reset my password?" }] };
    const json = (await (
      await simulatedChat(config, "sim", body, new AbortController().signal, seededRandom(1))
    ).json()) as { choices: Array<{ message: { content: string } }>; usage: { completion_tokens: number } };
    expect(assessAnswer(body.messages[0]!.content, json.choices[0]!.message.content)?.good).toBe(true);
    expect(json.usage.completion_tokens).toBeGreaterThan(0);

    const res = await simulatedChat(
      config,
      "sim",
      { ...body, stream: true, stream_options: { include_usage: true } },
      new AbortController().signal,
      seededRandom(1),
    );
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const sse = await res.text();
    const chunks = sse
      .split("\n\n")
      .filter((l) => l.startsWith("data: ") && l !== "data: [DONE]")
      .map((l) => JSON.parse(l.slice(6)) as { choices: Array<{ delta: { content?: string } }>; usage?: unknown });
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? "").join("")).toBe(json.choices[0]!.message.content);
    expect(chunks.at(-1)!.usage).toBeDefined();
    expect(sse.trim().endsWith("data: [DONE]")).toBe(true);
  });

  it("stops answering when the caller aborts", async () => {
    const config = simulatedModelConfig.parse({ latencyMs: 5_000 });
    const controller = new AbortController();
    const pending = simulatedChat(config, "sim", { messages: [{ role: "user", content: "hi" }] }, controller.signal);
    controller.abort(new DOMException("gone", "AbortError"));
    await expect(pending).rejects.toThrow("gone");
  });
});

describe("simulated judge and trainer hooks", () => {
  it("judges with the configured error rate, less confident when wrong", () => {
    const random = seededRandom(5);
    const question = "How do I reset my password?";
    const good = goodAnswers({
      topic: TOPICS[1]!,
      intentIndex: 0,
      values: {},
      used: [0],
      text: question,
    })[0]!;
    let wrong = 0;
    let confidenceWhenWrong = 0;
    let confidenceWhenRight = 0;
    const n = 4000;
    for (let i = 0; i < n; i++) {
      const v = simulatedJudgeVerdict(question, good, { noise: 0.1, random });
      expect(v.score).toBeGreaterThanOrEqual(1);
      expect(v.score).toBeLessThanOrEqual(5);
      if (!v.pass) {
        wrong++;
        confidenceWhenWrong += v.confidence;
      } else confidenceWhenRight += v.confidence;
    }
    expect(Math.abs(wrong / n - 0.1)).toBeLessThan(0.02);
    expect(confidenceWhenWrong / wrong).toBeLessThan(confidenceWhenRight / (n - wrong));
    const bad = simulatedJudgeVerdict(question, "Try again later.", { noise: 0, random });
    expect(bad).toMatchObject({ pass: false, failureCategory: "incomplete", score: 2 });
  });

  it("fine-tuning learns from its rows: each case by its distinct correct examples, worse with wrong ones", () => {
    const parent = SIMULATED_PROFILES["support-bot-v1"];
    const sso = TOPICS.find((t) => t.key === "sso_setup")!;
    const ask = (intent: number, idp: string, p = 0) => fill(sso.intents[intent]!.paraphrases[p]!, { idp });
    const right = (intent: number, idp: string) => fill(sso.intents[intent]!.good[0]!, { idp });
    const wrong = (idp: string) => fill(sso.bad.incorrect[1]!, { idp });
    const train = (examples: Array<{ prompt: string; target: string }>) =>
      simulatedFineTune(parent, { examples, steps: 20, random: seededRandom(4), regressionChance: 0 });

    // Two rows on one case (the same details twice) teach little, and nothing about the topic's other intent.
    const small = train([
      { prompt: ask(0, "Okta"), target: right(0, "Okta") },
      { prompt: ask(0, "Okta", 1), target: right(0, "Okta") },
    ]);
    expect(small.cases["sso_setup#0"]).toMatchObject({ correct: 1, wrong: 0 });
    const gain = (r: typeof small, intent: number) =>
      qualityFor(r.config, "sso_setup", intent) - qualityFor(parent, "sso_setup", intent);
    expect(gain(small, 0)).toBeGreaterThan(0.65 * 0.85 * learnedShare(1) - 1e-9);
    expect(gain(small, 0)).toBeLessThan(0.65 * learnedShare(1) + 1e-9);
    expect(gain(small, 1)).toBe(0);

    // Every detail of both intents, with correct targets: most of both gaps closes (1 − e^(−3/2) ≈ 0.78).
    const idps = sso.slots.idp!;
    const full = train(idps.flatMap((idp) => [0, 1].map((i) => ({ prompt: ask(i, idp, 2), target: right(i, idp) }))));
    expect(full.cases["sso_setup#1"]).toMatchObject({ correct: 3, wrong: 0 });
    for (const i of [0, 1]) expect(gain(full, i)).toBeGreaterThan(0.65 * 0.85 * learnedShare(3) - 1e-9);
    // A paraphrase the rows never used is answered as well: the case generalises across its wordings.
    const random = seededRandom(8);
    let good = 0;
    for (let k = 0; k < 2000; k++) if (simulatedAnswer(full.config, ask(1, "Okta", 0), random).truth!.good) good++;
    expect(Math.abs(good / 2000 - qualityFor(full.config, "sso_setup", 1))).toBeLessThan(0.045);

    // Wrong targets make their case worse than it was.
    const misled = train([
      { prompt: ask(0, "Okta"), target: wrong("Okta") },
      { prompt: ask(0, "Azure AD"), target: wrong("Azure AD") },
    ]);
    expect(misled.cases["sso_setup#0"]).toMatchObject({ correct: 0, wrong: 2 });
    expect(gain(misled, 0)).toBeLessThan(0);
    // Rows about questions the world does not know teach nothing.
    expect(train([{ prompt: "What is the weather?", target: "Sunny." }]).unrecognised).toBe(1);
  });

  it("fine-tuning sometimes regresses another topic, and its loss falls", () => {
    const parent = SIMULATED_PROFILES["support-bot-v1"];
    const result = simulatedFineTune(parent, { examples: [], steps: 50, random: seededRandom(2), regressionChance: 1 });
    expect(result.regressed).not.toBeNull();
    expect(qualityFor(result.config, result.regressed!.topic)).toBeLessThan(
      qualityFor(parent, result.regressed!.topic),
    );
    expect(result.lossCurve).toHaveLength(50);
    expect(result.lossCurve.at(-1)!).toBeLessThan(result.lossCurve[0]!);
    const clean = simulatedFineTune(parent, { examples: [], steps: 5, random: seededRandom(2), regressionChance: 0 });
    expect(clean.regressed).toBeNull();
  });

  it("never regresses when it fine-tunes a base model, and half of the time on top of a fine-tune", () => {
    const base = SIMULATED_PROFILES["support-bot-v1"];
    const runs = (parent: typeof base) =>
      Array.from({ length: 400 }, (_, i) =>
        simulatedFineTune(parent, { examples: [], steps: 1, random: seededRandom(i) }),
      );
    const first = runs(base);
    expect(first.every((r) => r.regressed === null && r.config.generation === 1)).toBe(true);
    const stacked = runs(first[0]!.config);
    const share = stacked.filter((r) => r.regressed !== null).length / stacked.length;
    expect(Math.abs(share - 0.5)).toBeLessThan(3 * Math.sqrt(0.25 / 400));
    expect(stacked[0]!.config.generation).toBe(2);
  });
});

describe("the simulated judge naming a topic", () => {
  it("names it after the world topic most of its questions belong to, or not at all", () => {
    const sso = ["How do I set up SSO with Okta?", "Users get 'invalid audience' when signing in via Okta"];
    expect(simulatedTopicName([...sso, "What is the weather?"])).toBe("SSO setup");
    expect(simulatedTopicName(["What is the weather?", "Tell me a joke", sso[0]!])).toBeNull();
  });
});
