// The `openai-compatible` fine-tune backend: uploads the training file, creates a fine-tuning job on an
// OpenAI-style API (the base version's own provider), then polls the job and its events for progress and loss.
import type { BackendRun, OnEvent, RunOutcome } from "./backends";

export interface OpenAIFineTuneInput {
  baseUrl: string;
  apiKey: string | null;
  model: string;
  method: "lora_sft" | "dpo";
  hyperparameters: { epochs: number; learningRate: number; beta: number };
  /** The training file: OpenAI chat JSONL (SFT) or TRL preference JSONL (DPO; converted to OpenAI's format). */
  content: string;
  pollMs: number;
}

/** TRL preference rows → OpenAI's DPO rows ({ input: { messages }, preferred_output, non_preferred_output }). */
export function toOpenAIPreferenceJsonl(trl: string): string {
  return trl
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const r = JSON.parse(line) as { prompt: unknown[]; chosen: unknown[]; rejected: unknown[] };
      return JSON.stringify({
        input: { messages: r.prompt },
        preferred_output: r.chosen,
        non_preferred_output: r.rejected,
      });
    })
    .join("\n");
}

interface RemoteJob {
  id: string;
  status: string;
  fine_tuned_model?: string | null;
  error?: { message?: string } | null;
}

export function runOpenAIBackend(input: OpenAIFineTuneInput, onEvent: OnEvent): BackendRun {
  const base = input.baseUrl.replace(/\/+$/, "");
  const headers: Record<string, string> = input.apiKey ? { authorization: `Bearer ${input.apiKey}` } : {};
  let cancelled = false;

  async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
    const res = await fetch(`${base}${path}`, { ...init, headers: { ...headers, ...(init.headers ?? {}) } });
    const body = (await res.json().catch(() => null)) as (T & { error?: { message?: string } }) | null;
    if (!res.ok)
      throw new Error(`${init.method ?? "GET"} ${path}: ${res.status} ${body?.error?.message ?? res.statusText}`);
    return body as T;
  }

  const done = (async (): Promise<RunOutcome> => {
    try {
      const form = new FormData();
      form.append("purpose", "fine-tune");
      const data = input.method === "dpo" ? toOpenAIPreferenceJsonl(input.content) : input.content;
      form.append("file", new Blob([data], { type: "application/jsonl" }), "train.jsonl");
      const file = await call<{ id: string }>("/files", { method: "POST", body: form });
      onEvent({ kind: "log", text: `uploaded the training file as ${file.id}` });
      const type = input.method === "dpo" ? "dpo" : "supervised";
      const hp = {
        n_epochs: input.hyperparameters.epochs,
        ...(input.method === "dpo" ? { beta: input.hyperparameters.beta } : {}),
      };
      const job = await call<RemoteJob>("/fine_tuning/jobs", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          model: input.model,
          training_file: file.id,
          method: { type, [type]: { hyperparameters: hp } },
        }),
      });
      onEvent({ kind: "log", text: `created fine-tuning job ${job.id}` });
      const seen = new Set<string>();
      for (;;) {
        if (cancelled) {
          await call(`/fine_tuning/jobs/${job.id}/cancel`, { method: "POST" }).catch(() => undefined);
          return { status: "cancelled", adapter: null, endpoint: null, error: null };
        }
        const current = await call<RemoteJob>(`/fine_tuning/jobs/${job.id}`);
        const events = await call<{ data: Array<{ id: string; message: string; data?: Record<string, number> }> }>(
          `/fine_tuning/jobs/${job.id}/events?limit=100`,
        );
        for (const e of [...events.data].reverse()) {
          if (seen.has(e.id)) continue;
          seen.add(e.id);
          const d = e.data ?? {};
          if (typeof d.step === "number" && typeof d.total_steps === "number" && d.total_steps > 0) {
            onEvent({
              kind: "progress",
              step: d.step,
              total: d.total_steps,
              loss: typeof d.train_loss === "number" ? d.train_loss : null,
            });
          } else onEvent({ kind: "log", text: e.message });
        }
        if (current.status === "succeeded") {
          if (!current.fine_tuned_model) throw new Error("the provider reported success without a fine-tuned model");
          return {
            status: "succeeded",
            adapter: current.fine_tuned_model,
            endpoint: { baseUrl: base, model: current.fine_tuned_model },
            error: null,
          };
        }
        if (current.status === "failed" || current.status === "cancelled") {
          return {
            status: current.status === "failed" ? "failed" : "cancelled",
            adapter: null,
            endpoint: null,
            error: current.error?.message ?? null,
          };
        }
        await new Promise((r) => setTimeout(r, input.pollMs));
      }
    } catch (error) {
      return {
        status: "failed",
        adapter: null,
        endpoint: null,
        error: error instanceof Error ? error.message : String(error),
      };
    }
  })();

  return {
    // The poll loop sees the flag and cancels the provider's job.
    cancel() {
      cancelled = true;
    },
    done,
  };
}
