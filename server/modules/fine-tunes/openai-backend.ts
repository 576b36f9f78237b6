// The `openai-compatible` fine-tune backend: uploads the training file, creates a fine-tuning job on an
// OpenAI-style API (the base version's own provider), then polls the job and its events for progress and loss.
import { toFile } from "openai";
import { openAIClient, providerMessage } from "../../llm/openai-client";
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
  /** The instance's outbound fetch (server/net/outbound.ts). */
  fetch: typeof fetch;
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

export function runOpenAIBackend(input: OpenAIFineTuneInput, onEvent: OnEvent): BackendRun {
  const client = openAIClient({
    baseURL: input.baseUrl,
    apiKey: input.apiKey,
    timeoutMs: 120_000,
    fetch: input.fetch,
  });
  const base = client.baseURL;
  let cancelled = false;

  const done = (async (): Promise<RunOutcome> => {
    try {
      const data = input.method === "dpo" ? toOpenAIPreferenceJsonl(input.content) : input.content;
      const file = await client.files.create({
        file: await toFile(Buffer.from(data), "train.jsonl", { type: "application/jsonl" }),
        purpose: "fine-tune",
      });
      onEvent({ kind: "log", text: `uploaded the training file as ${file.id}` });
      const hp = { n_epochs: input.hyperparameters.epochs };
      const job = await client.fineTuning.jobs.create({
        model: input.model,
        training_file: file.id,
        method:
          input.method === "dpo"
            ? { type: "dpo", dpo: { hyperparameters: { ...hp, beta: input.hyperparameters.beta } } }
            : { type: "supervised", supervised: { hyperparameters: hp } },
      });
      onEvent({ kind: "log", text: `created fine-tuning job ${job.id}` });
      const seen = new Set<string>();
      for (;;) {
        if (cancelled) {
          await client.fineTuning.jobs.cancel(job.id).catch(() => undefined);
          return { status: "cancelled", adapter: null, endpoint: null, error: null };
        }
        const current = await client.fineTuning.jobs.retrieve(job.id);
        const events = await client.fineTuning.jobs.listEvents(job.id, { limit: 100 });
        for (const e of [...events.data].reverse()) {
          if (seen.has(e.id)) continue;
          seen.add(e.id);
          const d = (e.data ?? {}) as Record<string, unknown>;
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
        error: providerMessage(error),
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
