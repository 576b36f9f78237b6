// The trainer's JSON-lines protocol (pure): one JSON object per stdout line.
//   {"step": 12, "total": 100, "loss": 0.83}                       progress (loss optional)
//   {"status": "succeeded", "adapter": "out/adapter", "endpoint": {"baseUrl": "…", "model": "…"}}   the end
//   {"status": "failed", "error": "CUDA out of memory"}
// Any other line is kept as a log line.

export type TrainerEvent =
  | { kind: "progress"; step: number; total: number; loss: number | null }
  | {
      kind: "done";
      status: "succeeded" | "failed";
      adapter: string | null;
      endpoint: { baseUrl: string; model: string } | null;
      error: string | null;
    }
  | { kind: "log"; text: string };

const isNum = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x);

export function parseTrainerLine(line: string): TrainerEvent {
  const text = line.trim();
  let value: unknown;
  try {
    value = text.startsWith("{") ? JSON.parse(text) : undefined;
  } catch {
    value = undefined;
  }
  if (!value || typeof value !== "object") return { kind: "log", text: line };
  const v = value as Record<string, unknown>;
  if (v.status === "succeeded" || v.status === "failed") {
    const e = v.endpoint as Record<string, unknown> | undefined;
    return {
      kind: "done",
      status: v.status,
      adapter: typeof v.adapter === "string" ? v.adapter : null,
      endpoint:
        e && typeof e.baseUrl === "string" && typeof e.model === "string"
          ? { baseUrl: e.baseUrl, model: e.model }
          : null,
      error: typeof v.error === "string" ? v.error : null,
    };
  }
  if (isNum(v.step) && isNum(v.total) && v.total > 0) {
    return { kind: "progress", step: v.step, total: v.total, loss: isNum(v.loss) ? v.loss : null };
  }
  return { kind: "log", text: line };
}

/** Splits a command template into arguments (on whitespace; no shell) and fills its {placeholders}. */
export function commandArgs(template: string, vars: Record<string, string>): string[] {
  return template
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((arg) => arg.replace(/\{(\w+)\}/g, (m, name: string) => vars[name] ?? m));
}
