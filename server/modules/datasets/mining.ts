// Training rows from what users did (pure). SFT: prompt → the user's correction, or → an answer the judge passed and
// a human confirmed. DPO: chosen = the user's correction, or the answer the user accepted after rephrasing;
// rejected = the failed answer. Each row keeps the interactions it came from; duplicates are dropped; a hash of
// the row decides the holdout split; rows that look like they carry personal data can be left out.
import { createHash } from "node:crypto";

export interface ChatMessage {
  role: string;
  content: string;
}

export interface MiningInteraction {
  id: string;
  /** The conversation sent to the model (OpenAI chat messages). */
  input: ChatMessage[];
  output: string | null;
  judgePass: boolean | null;
  /** Human consensus: "pass", a failure category, or null. */
  humanLabel: string | null;
  /** The user's edit of a copied answer (a correction signal). */
  correctedText: string | null;
  /** The interaction the user rephrased this one into. */
  rephrasedAs: string | null;
  /** Any strong negative user signal on it. */
  negative: boolean;
}

type RowSource = "user_correction" | "accepted_after_rephrase" | "judge_and_human_confirmed";

export interface DatasetRow {
  kind: "sft" | "dpo";
  source: RowSource;
  split: "train" | "holdout";
  prompt: ChatMessage[];
  chosen: string;
  rejected: string | null;
  provenance: { interactionIds: string[] };
}

export interface MiningOptions {
  holdoutPercent: number;
  excludePii: boolean;
}

export interface MiningResult {
  rows: DatasetRow[];
  duplicates: number;
  piiExcluded: number;
}

const PII_PATTERNS = [
  /[A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,}/i, // e-mail address
  /(?:\+?\d[\s.-]?){9,15}\d/, // phone-like digit run
  /\b(?:\d[ -]?){13,16}\b/, // card-like number
  /\b\d{3}-\d{2}-\d{4}\b/, // US SSN shape
];

export function looksPersonal(text: string): boolean {
  return PII_PATTERNS.some((p) => p.test(text));
}

const normalise = (text: string) => text.replace(/\s+/g, " ").trim().toLowerCase();
const key = (row: Omit<DatasetRow, "split">) =>
  createHash("sha256")
    .update(
      JSON.stringify([
        row.kind,
        row.prompt.map((m) => normalise(m.content)),
        normalise(row.chosen),
        normalise(row.rejected ?? ""),
      ]),
    )
    .digest("hex");

/**
 * The answer the user settled for after rephrasing: follow the rephrase chain to the first answer without a
 * complaint — and that the judge did not fail (a user who stopped asking may have given up; an answer the judge
 * failed is no target to teach).
 */
function acceptedAfter(start: MiningInteraction, byId: ReadonlyMap<string, MiningInteraction>, hops = 3) {
  let current = start;
  for (let i = 0; i < hops && current.rephrasedAs; i++) {
    const next = byId.get(current.rephrasedAs);
    if (!next) return null;
    if (!next.negative && !next.rephrasedAs && next.output) return next.judgePass === false ? null : next;
    current = next;
  }
  return null;
}

/**
 * `failures`: the failing interactions of the pattern; `confirmedGood`: answers on the same topic that the judge
 * passed and a human confirmed; `byId`: every interaction involved (including the rephrase targets).
 */
export function mineRows(
  failures: readonly MiningInteraction[],
  confirmedGood: readonly MiningInteraction[],
  byId: ReadonlyMap<string, MiningInteraction>,
  options: MiningOptions,
): MiningResult {
  const candidates: Array<Omit<DatasetRow, "split">> = [];
  for (const f of failures) {
    if (!f.output || f.input.length === 0) continue;
    if (f.correctedText) {
      const ids = { interactionIds: [f.id] };
      candidates.push({
        kind: "sft",
        source: "user_correction",
        prompt: f.input,
        chosen: f.correctedText,
        rejected: null,
        provenance: ids,
      });
      candidates.push({
        kind: "dpo",
        source: "user_correction",
        prompt: f.input,
        chosen: f.correctedText,
        rejected: f.output,
        provenance: ids,
      });
    }
    const accepted = acceptedAfter(f, byId);
    if (accepted) {
      candidates.push({
        kind: "dpo",
        source: "accepted_after_rephrase",
        prompt: f.input,
        chosen: accepted.output!,
        rejected: f.output,
        provenance: { interactionIds: [f.id, accepted.id] },
      });
    }
  }
  for (const g of confirmedGood) {
    if (!g.output || g.input.length === 0 || g.judgePass !== true || g.humanLabel !== "pass") continue;
    candidates.push({
      kind: "sft",
      source: "judge_and_human_confirmed",
      prompt: g.input,
      chosen: g.output,
      rejected: null,
      provenance: { interactionIds: [g.id] },
    });
  }
  const seen = new Set<string>();
  const rows: DatasetRow[] = [];
  let duplicates = 0;
  let piiExcluded = 0;
  for (const c of candidates) {
    const k = key(c);
    if (seen.has(k)) {
      duplicates++;
      continue;
    }
    seen.add(k);
    const text = [...c.prompt.map((m) => m.content), c.chosen, c.rejected ?? ""].join("\n");
    if (options.excludePii && looksPersonal(text)) {
      piiExcluded++;
      continue;
    }
    const bucket = parseInt(k.slice(0, 8), 16) % 100;
    rows.push({ ...c, split: bucket < options.holdoutPercent ? "holdout" : "train" });
  }
  return { rows, duplicates, piiExcluded };
}

/** OpenAI chat fine-tuning JSONL: one `{"messages": [...prompt, {"role": "assistant", "content": chosen}]}` per SFT row. */
export function toOpenAIChatJsonl(rows: readonly DatasetRow[]): string {
  return rows
    .filter((r) => r.kind === "sft")
    .map((r) => JSON.stringify({ messages: [...r.prompt, { role: "assistant", content: r.chosen }] }))
    .join("\n");
}

/**
 * TRL's conversational preference JSONL: `{"prompt": [messages], "chosen": [assistant], "rejected": [assistant]}` per
 * DPO row.
 */
export function toPreferenceJsonl(rows: readonly DatasetRow[]): string {
  const assistant = (content: string) => [{ role: "assistant", content }];
  return rows
    .filter((r) => r.kind === "dpo" && r.rejected !== null)
    .map((r) => JSON.stringify({ prompt: r.prompt, chosen: assistant(r.chosen), rejected: assistant(r.rejected!) }))
    .join("\n");
}
