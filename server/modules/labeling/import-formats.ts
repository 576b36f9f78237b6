// Parsers for labels made elsewhere (pure): the product's own JSONL, the PandaLM test set and the LLMBar /
// MT-Bench sets. Each yields items in the queue's label vocabulary; a file with a bad line is refused whole,
// with the lines at fault, so nothing is half-imported.
import { z } from "zod";
import { DomainError } from "../../errors";
import { isValidChoice, nominalOf, type QueueKind } from "./label-values";

interface ImportedLabel {
  annotator: string;
  choice: string;
  category?: string;
  rationale?: string;
}

interface ImportedItem {
  externalId: string;
  payload: { input: string; output?: string; outputA?: string; outputB?: string; labelA?: string; labelB?: string };
  labels: ImportedLabel[];
  /** The judge's verdict in nominal form, or its raw text when it could not be read. */
  judge?: { status: "ok"; choice: string; confidence?: number; raw?: string } | { status: "unparseable"; raw: string };
  goldChoice?: string;
}

export interface ParsedImport {
  kind: QueueKind;
  items: ImportedItem[];
  /** A short name for the queue, e.g. "PandaLM test set". */
  title: string;
}

function refuse(problems: string[]): never {
  const shown = problems.slice(0, 5).join("; ");
  throw new DomainError(
    "BAD_REQUEST",
    `The file cannot be imported: ${shown}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ""}`,
  );
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    refuse([`${what} is not JSON (${error instanceof Error ? error.message : String(error)})`]);
  }
}

// ─── PandaLM: 0 = tie, 1 = first better, 2 = second better; GPT-3.5 verdicts "1", "2", "Tie" (or anything else).
const PANDALM_CHOICE: Record<number, string> = { 0: "tie", 1: "A", 2: "B" };
// A few PandaLM responses are JSON booleans or numbers (e.g. `true` for "verify this statement"): kept as text.
const text = z.union([z.string(), z.number(), z.boolean()]).transform(String);
const pandalmRow = z.object({
  idx: z.number().int(),
  instruction: text,
  input: text.default(""),
  response1: text,
  response2: text,
  cmp_key: z.string().optional(),
  annotator1: z.number().int().min(0).max(2),
  annotator2: z.number().int().min(0).max(2),
  annotator3: z.number().int().min(0).max(2),
});
const pandalmJudge = z.array(
  z.object({ idx: z.number().int(), gpt_result: z.unknown(), gpt_reason: z.string().optional() }),
);

function pandalm(content: string, judgeContent?: string): ParsedImport {
  const rows = z.array(z.unknown()).safeParse(parseJson(content, "The PandaLM file"));
  if (!rows.success) refuse(["a PandaLM test set is a JSON array of items"]);
  const problems: string[] = [];
  const judges = new Map<number, { result: unknown; reason?: string }>();
  if (judgeContent) {
    const j = pandalmJudge.safeParse(parseJson(judgeContent, "The judge file"));
    if (!j.success) refuse(["the PandaLM judge file is a JSON array of { idx, gpt_result }"]);
    for (const r of j.data) judges.set(r.idx, { result: r.gpt_result, reason: r.gpt_reason });
  }
  const items: ImportedItem[] = [];
  rows.data.forEach((raw, i) => {
    const r = pandalmRow.safeParse(raw);
    if (!r.success) return void problems.push(`item ${i + 1}: ${r.error.issues[0]?.message ?? "invalid"}`);
    const row = r.data;
    const [labelA, labelB] = row.cmp_key?.split("_") ?? [];
    const verdict = judges.get(row.idx);
    const text = typeof verdict?.result === "string" ? verdict.result.trim() : String(verdict?.result ?? "");
    const judgeChoice = text === "1" ? "A" : text === "2" ? "B" : text.toLowerCase() === "tie" ? "tie" : null;
    items.push({
      externalId: String(row.idx),
      payload: {
        input: row.input ? `${row.instruction}\n\n${row.input}` : row.instruction,
        outputA: row.response1,
        outputB: row.response2,
        ...(labelA ? { labelA } : {}),
        ...(labelB ? { labelB } : {}),
      },
      labels: [row.annotator1, row.annotator2, row.annotator3].map((v, a) => ({
        annotator: `annotator${a + 1}`,
        choice: PANDALM_CHOICE[v]!,
      })),
      ...(verdict
        ? {
            judge: judgeChoice
              ? { status: "ok" as const, choice: judgeChoice, ...(verdict.reason ? { raw: verdict.reason } : {}) }
              : { status: "unparseable" as const, raw: text },
          }
        : {}),
    });
  });
  if (problems.length) refuse(problems);
  return { kind: "pairwise", items, title: "PandaLM test set" };
}

// ─── LLMBar and MT-Bench human majority: { input, output_1, output_2, label: 1 | 2 }, one gold label per item.
// The GPT-4 result file has the same items in the same order with results[0]["swap = False"].winner.
const llmbarRow = z.object({
  input: z.string(),
  output_1: z.string(),
  output_2: z.string(),
  label: z.union([z.literal(1), z.literal(2)]),
  results: z.unknown().optional(),
});

function llmbarWinner(results: unknown): string | null {
  const first = Array.isArray(results) ? (results[0] as Record<string, { winner?: unknown }> | undefined) : undefined;
  const winner = first?.["swap = False"]?.winner;
  return winner === "1" || winner === 1 ? "A" : winner === "2" || winner === 2 ? "B" : null;
}

function llmbar(content: string, judgeContent?: string): ParsedImport {
  const rows = z.array(z.unknown()).safeParse(parseJson(content, "The LLMBar file"));
  if (!rows.success) refuse(["an LLMBar set is a JSON array of { input, output_1, output_2, label }"]);
  const judgeRows = judgeContent ? z.array(llmbarRow).safeParse(parseJson(judgeContent, "The judge file")) : null;
  if (judgeRows && !judgeRows.success) refuse(["the LLMBar judge file is a JSON array of items with results"]);
  const problems: string[] = [];
  const items: ImportedItem[] = [];
  rows.data.forEach((raw, i) => {
    const r = llmbarRow.safeParse(raw);
    if (!r.success) return void problems.push(`item ${i + 1}: ${r.error.issues[0]?.message ?? "invalid"}`);
    const row = r.data;
    // The judge file lists the same items in the same order; check that it really is the same item.
    const judged = judgeRows?.data[i] ?? (row.results !== undefined ? row : undefined);
    if (judgeRows && judged && judged.input !== row.input) {
      return void problems.push(`item ${i + 1}: the judge file's item ${i + 1} is a different prompt`);
    }
    const winner = judged ? llmbarWinner(judged.results) : null;
    items.push({
      externalId: String(i),
      payload: { input: row.input, outputA: row.output_1, outputB: row.output_2 },
      labels: [],
      goldChoice: row.label === 1 ? "A" : "B",
      ...(judged
        ? {
            judge: winner
              ? { status: "ok" as const, choice: winner }
              : { status: "unparseable" as const, raw: JSON.stringify(judged.results ?? null).slice(0, 2000) },
          }
        : {}),
    });
  });
  if (judgeRows && judgeRows.data.length !== rows.data.length) {
    problems.push(`the judge file has ${judgeRows.data.length} items, the set has ${rows.data.length}`);
  }
  if (problems.length) refuse(problems);
  return { kind: "pairwise", items, title: "LLMBar set" };
}

// ─── The product's own JSONL: one item per line (see README, "Importing labels").
const jsonlValue = z.union([z.string().trim().min(1).max(10), z.number().int()]).transform(String);
const jsonlLine = z
  .object({
    id: z
      .union([z.string().max(200), z.number()])
      .transform(String)
      .optional(),
    kind: z.enum(["pointwise", "pairwise"]).optional(),
    input: z.string().min(1).max(100_000),
    output: z.string().max(100_000).optional(),
    outputA: z.string().max(100_000).optional(),
    outputB: z.string().max(100_000).optional(),
    labels: z
      .array(
        z.object({
          annotator: z.string().trim().min(1).max(100),
          value: jsonlValue,
          category: z.string().trim().min(1).max(40).optional(),
          rationale: z.string().max(2000).optional(),
        }),
      )
      .max(50)
      .default([]),
    judge: z
      .object({
        value: jsonlValue.optional(),
        category: z.string().trim().min(1).max(40).optional(),
        confidence: z.number().min(0).max(1).optional(),
        raw: z.string().max(10_000).optional(),
      })
      .optional(),
    gold: z.object({ value: jsonlValue, category: z.string().trim().min(1).max(40).optional() }).optional(),
  })
  .refine((l) => (l.outputA !== undefined && l.outputB !== undefined) || l.output !== undefined, {
    message: "give output (pointwise) or outputA and outputB (pairwise)",
  });

function jsonl(content: string): ParsedImport {
  const problems: string[] = [];
  const items: ImportedItem[] = [];
  let kind: QueueKind | null = null;
  content.split(/\r?\n/).forEach((text, i) => {
    if (!text.trim()) return;
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return void problems.push(`line ${i + 1}: not JSON`);
    }
    const r = jsonlLine.safeParse(raw);
    if (!r.success) {
      const issue = r.error.issues[0];
      return void problems.push(`line ${i + 1}: ${issue?.path.join(".") || "item"}: ${issue?.message ?? "invalid"}`);
    }
    const line = r.data;
    const lineKind: QueueKind = line.kind ?? (line.outputA !== undefined ? "pairwise" : "pointwise");
    kind ??= lineKind;
    if (lineKind !== kind) return void problems.push(`line ${i + 1}: mixes ${lineKind} with ${kind} items`);
    const bad = [...line.labels.map((l) => l.value), ...(line.gold ? [line.gold.value] : [])].find(
      (v) => !isValidChoice(kind!, v),
    );
    if (bad !== undefined) {
      return void problems.push(
        `line ${i + 1}: "${bad}" is not a ${kind} label (${kind === "pairwise" ? "A, B or tie" : "1–5, pass or fail"})`,
      );
    }
    const judgeValue = line.judge?.value;
    items.push({
      externalId: line.id ?? String(i + 1),
      payload:
        kind === "pairwise"
          ? { input: line.input, outputA: line.outputA ?? "", outputB: line.outputB ?? "" }
          : { input: line.input, output: line.output ?? "" },
      labels: line.labels.map((l) => ({
        annotator: l.annotator,
        choice: l.value,
        ...(l.category ? { category: l.category } : {}),
        ...(l.rationale ? { rationale: l.rationale } : {}),
      })),
      ...(line.judge
        ? {
            judge:
              judgeValue !== undefined && isValidChoice(kind, judgeValue)
                ? {
                    status: "ok" as const,
                    choice: nominalOf(kind, judgeValue, line.judge.category),
                    ...(line.judge.confidence !== undefined ? { confidence: line.judge.confidence } : {}),
                  }
                : { status: "unparseable" as const, raw: line.judge.raw ?? String(judgeValue ?? "") },
          }
        : {}),
      ...(line.gold ? { goldChoice: nominalOf(kind, line.gold.value, line.gold.category) } : {}),
    });
  });
  if (problems.length) refuse(problems);
  if (!kind || items.length === 0) refuse(["no items in the file"]);
  return { kind, items, title: "JSONL import" };
}

export function parseImport(format: "jsonl" | "pandalm" | "llmbar", content: string, judgeContent?: string) {
  if (format === "pandalm") return pandalm(content, judgeContent);
  if (format === "llmbar") return llmbar(content, judgeContent);
  if (judgeContent) refuse(["JSONL files carry the judge's verdicts on each line; a separate judge file is not used"]);
  return jsonl(content);
}
