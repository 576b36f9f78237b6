// The judge's prompt and the parsing of its verdict (pure). The judge is asked for one JSON object; anything that is
// not exactly that (prose, a refusal, missing fields, a category outside the rubric) is "unparseable" and kept as
// such with its raw text — never guessed into a score.

import { z } from "zod";
import type { RubricContent } from "./evaluation.schema";

export interface JudgedInteraction {
  /** OpenAI chat messages the user sent (the conversation so far). */
  input: unknown;
  output: string;
}

export interface Verdict {
  status: "ok";
  score: number;
  pass: boolean;
  category: string | null;
  rationale: string;
  confidence: number;
}
export interface Unparseable {
  status: "unparseable";
  reason: string;
}

const MAX_TRANSCRIPT_CHARS = 12_000;

function transcript(input: unknown): string {
  const messages = Array.isArray(input) ? input : [];
  const lines = messages.map((m: { role?: unknown; content?: unknown }) => {
    const content =
      typeof m?.content === "string"
        ? m.content
        : Array.isArray(m?.content)
          ? m.content.map((p: { text?: unknown }) => (typeof p?.text === "string" ? p.text : "")).join(" ")
          : "";
    return `${String(m?.role ?? "user").toUpperCase()}: ${content}`;
  });
  const text = lines.join("\n");
  return text.length > MAX_TRANSCRIPT_CHARS ? `…${text.slice(-MAX_TRANSCRIPT_CHARS)}` : text;
}

/** JSON schema of the verdict, sent as `response_format` to endpoints that support structured output. */
export function verdictJsonSchema(rubric: RubricContent) {
  return {
    type: "json_schema",
    json_schema: {
      name: "verdict",
      strict: true,
      schema: {
        type: "object",
        additionalProperties: false,
        required: ["score", "pass", "failure_category", "rationale", "confidence"],
        properties: {
          score: { type: "integer", minimum: 1, maximum: 5 },
          pass: { type: "boolean" },
          failure_category: { type: ["string", "null"], enum: [...rubric.failureCategories, null] },
          rationale: { type: "string" },
          confidence: { type: "number", minimum: 0, maximum: 1 },
        },
      },
    },
  } as const;
}

export function buildJudgeMessages(rubric: RubricContent, interaction: JudgedInteraction) {
  const criteria = rubric.criteria
    .map((c, i) => `${i + 1}. ${c.name} (${c.scale === "pass_fail" ? "pass/fail" : "1–5"}): ${c.description}`)
    .join("\n");
  const examples = rubric.examples
    .map(
      (e, i) =>
        `Example ${i + 1} — ${e.verdict.toUpperCase()}\nQ: ${e.input}\nA: ${e.output}${e.note ? `\nWhy: ${e.note}` : ""}`,
    )
    .join("\n\n");
  const system = [
    "You are a strict evaluator of an AI assistant's answers. Judge the last assistant answer against the rubric.",
    `Criteria:\n${criteria}`,
    `Failure categories (pick one when the answer fails): ${rubric.failureCategories.join(", ")}`,
    rubric.notes ? `Notes: ${rubric.notes}` : "",
    examples ? `Worked examples:\n${examples}` : "",
    'Reply with one JSON object and nothing else: {"score": 1-5, "pass": true|false, "failure_category": one of the categories or null, "rationale": one or two sentences, "confidence": 0-1}.',
  ]
    .filter(Boolean)
    .join("\n\n");
  const user = `Conversation:\n${transcript(interaction.input)}\n\nAnswer to judge:\n${interaction.output}`;
  return [
    { role: "system" as const, content: system },
    { role: "user" as const, content: user },
  ];
}

const verdictShape = z.object({
  score: z.number().min(1).max(5),
  pass: z.boolean(),
  failure_category: z.string().nullable().optional(),
  rationale: z.string().max(5000),
  confidence: z.number().min(0).max(1),
});

/** A JSON object, bare or in one ```json fence; nothing else is accepted. */
function extractJson(text: string): unknown {
  const trimmed = text.trim();
  const fenced = /^```(?:json)?\s*([\s\S]*?)\s*```$/i.exec(trimmed);
  return JSON.parse(fenced ? fenced[1]! : trimmed);
}

export function parseVerdict(text: string | null, rubric: RubricContent): Verdict | Unparseable {
  if (!text || !text.trim()) return { status: "unparseable", reason: "empty answer" };
  let json: unknown;
  try {
    json = extractJson(text);
  } catch {
    return { status: "unparseable", reason: "not a JSON object" };
  }
  const parsed = verdictShape.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { status: "unparseable", reason: `${issue.path.join(".") || "verdict"}: ${issue.message}` };
  }
  const v = parsed.data;
  const category = v.pass ? null : (v.failure_category ?? null);
  if (category !== null && !rubric.failureCategories.includes(category))
    return { status: "unparseable", reason: `failure_category "${category}" is not in the rubric` };
  if (!v.pass && category === null)
    return { status: "unparseable", reason: "a failing verdict needs a failure_category" };
  return { status: "ok", score: v.score, pass: v.pass, category, rationale: v.rationale, confidence: v.confidence };
}
