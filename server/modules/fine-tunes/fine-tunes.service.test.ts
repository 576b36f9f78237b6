// The fine-tunes service with fakes at every port: no database, no trainer, no provider.
import { describe, expect, it } from "vitest";
import { memoryQueue } from "../../jobs/memory-queue";
import type { OnEvent } from "./backends";
import type { FineTunesRepo } from "./fine-tunes.repo";
import { hyperparameters } from "./fine-tunes.schema";
import { createFineTunesService } from "./fine-tunes.service";
import type { TrainerBackend, TrainerBackends, TrainingRun } from "./trainer-backends";

const BASE = { id: "mv-base", name: "support-bot", provider: "openai-compatible", config: {}, status: "production" };

function fakeBackend(overrides: Partial<TrainerBackend> = {}) {
  const started: TrainingRun[] = [];
  const backend: TrainerBackend = {
    available: true,
    inheritsSecret: true,
    writesFiles: false,
    refuse: () => null,
    async start(run, onEvent: OnEvent) {
      started.push(run);
      onEvent({ kind: "progress", step: 1, total: 2, loss: 0.9 });
      onEvent({ kind: "progress", step: 2, total: 2, loss: 0.4 });
      return {
        cancel: () => undefined,
        done: Promise.resolve({
          status: "succeeded" as const,
          adapter: "ft:support-bot:1",
          endpoint: { baseUrl: "http://provider.test/v1", model: "ft:support-bot:1" },
          error: null,
        }),
      };
    },
    ...overrides,
  };
  return { backend, started };
}

function world(backends: Partial<TrainerBackends>) {
  const jobs = new Map<string, Record<string, unknown>>();
  const progress: Array<{ step: number; total: number; losses: number }> = [];
  const finished: Array<{ status: string; error: string | null; candidate: string | null }> = [];
  const candidates: Array<Record<string, unknown>> = [];
  const repo = {
    async create(_tx: unknown, data: Record<string, unknown>) {
      const id = `job-${jobs.size + 1}`;
      jobs.set(id, { ...data, id, incidentId: data.incidentId ?? null, baseModelVersionId: data.baseModelVersionId });
      return id;
    },
    get: async (_projectId: string, id: string) => jobs.get(id) ?? null,
    claim: async () => true,
    async progress(_id: string, step: number, total: number, losses: unknown[]) {
      progress.push({ step, total, losses: losses.length });
      return false;
    },
    async finish(_id: string, status: string, error: string | null, candidate: string | null) {
      finished.push({ status, error, candidate });
    },
    markIncidentTrained: async () => undefined,
  } as unknown as FineTunesRepo;
  const queue = memoryQueue();
  const audited: string[] = [];
  const service = createFineTunesService({
    repo,
    datasets: {
      preview: async () => ({ id: "ds-1", incidentId: null, stats: { byKind: { sft: 8 } } }) as never,
      export: async () => ({}) as never,
      rowsFor: async () => ({ content: '{"messages":[]}\n', lines: 8, examples: [] }) as never,
    },
    deployments: {
      list: async () => [BASE] as never,
      async registerCandidate(_projectId, input) {
        candidates.push(input);
        return { id: "mv-candidate" } as never;
      },
      setStatus: async () => undefined,
    },
    backends: {
      command: fakeBackend({ available: false }).backend,
      simulated: fakeBackend({ available: false }).backend,
      "openai-compatible": fakeBackend().backend,
      ...backends,
    },
    queue,
    audit: { insert: async (_tx, entry) => void audited.push(entry.action) },
    // No database: the "transaction" runs the work with a placeholder executor the fake repo ignores.
    uow: (work) => work({} as never),
  });
  return { service, queue, progress, finished, candidates, audited };
}

const input = (backend: "command" | "simulated" | "openai-compatible") => ({
  datasetId: "ds-1",
  method: "lora_sft" as const,
  backend,
  baseModelVersionId: BASE.id,
  hyperparameters: hyperparameters.parse({}),
});

describe("fine-tunes service (fakes at its ports)", () => {
  it("offers the backends that are available and refuses with the backend's own reason", async () => {
    const { service } = world({ command: fakeBackend({ available: false, refuse: () => "no trainer here" }).backend });
    expect(service.backends()).toEqual({ command: false, simulated: false, "openai-compatible": true });
    await expect(service.create("p", input("command"), "u")).rejects.toThrow("no trainer here");
  });

  it("runs a job on the backend it names, keeps the loss curve and registers the candidate it reports", async () => {
    const chosen = fakeBackend();
    const w = world({ "openai-compatible": chosen.backend });
    const { jobId } = await w.service.create("p", input("openai-compatible"), "u");
    expect(w.queue.sentTo("fine-tune-run")).toEqual([{ projectId: "p", jobId }]);
    expect(w.audited).toEqual(["fine_tune.create"]);
    await w.service.run("p", jobId);
    expect(chosen.started).toHaveLength(1);
    expect(chosen.started[0]).toMatchObject({ jobId, method: "lora_sft", base: { id: BASE.id }, rows: { lines: 8 } });
    expect(w.progress.at(-1)).toEqual({ step: 2, total: 2, losses: 2 });
    expect(w.candidates).toEqual([
      expect.objectContaining({
        provider: "openai-compatible",
        parentId: BASE.id,
        adapterRef: "ft:support-bot:1",
        inheritSecret: true,
      }),
    ]);
    expect(w.finished).toEqual([{ status: "succeeded", error: null, candidate: "mv-candidate" }]);
  });
});
