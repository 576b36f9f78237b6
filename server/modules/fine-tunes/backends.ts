// Fine-tune backends behind one interface: each starts a run, reports trainer events, can be cancelled, and
// settles with the outcome. `simulated` belongs to the demo world only.
import { spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { seededRandom, seedFromString } from "../../stats/random";
import { simulatedProvider, type SimulatedConfig, type SimulatedTraining } from "../../llm/simulated-provider";
import { commandArgs, parseTrainerLine, type TrainerEvent } from "./trainer-protocol";

export interface RunOutcome {
  status: "succeeded" | "failed" | "cancelled";
  adapter: string | null;
  endpoint: { baseUrl: string; model: string } | null;
  error: string | null;
  /** The simulated backend's trained model (demo world). */
  simulated?: SimulatedTraining;
}

export interface BackendRun {
  cancel(): void;
  done: Promise<RunOutcome>;
}

export type OnEvent = (event: TrainerEvent) => void;

// What a trainer may see of the worker's environment: the system's and the ML stack's own variables. Never the
// app's secrets (NEXTAUTH_SECRET, TIGHTLOOP_ENCRYPTION_KEY, DATABASE_URL, OIDC_*, provider keys).
const TRAINER_ENV =
  /^(PATH|HOME|USER|LANG|LC_[A-Z]+|TZ|TMPDIR|TEMP|TMP|SHELL|LD_LIBRARY_PATH|VIRTUAL_ENV|CONDA_[A-Z_]+|PYTHON[A-Z_]*|CUDA_[A-Z_]+|NVIDIA_[A-Z_]+|HF_[A-Z_]+|HUGGINGFACE_[A-Z_]+|TRANSFORMERS_[A-Z_]+|TORCH_[A-Z_]+|OMP_NUM_THREADS|MKL_NUM_THREADS|TOKENIZERS_PARALLELISM|WANDB_MODE)$/;

/** The environment a trainer command runs with: only the names TRAINER_ENV lets through. */
export function trainerEnvironment(env: Record<string, string | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).filter(([name]) => TRAINER_ENV.test(name)));
}

/** The guard beside this file; resolved when a trainer starts (the worker), never while a bundle loads (web). */
const trainerGuard = () => path.join(path.dirname(fileURLToPath(import.meta.url)), "trainer-guard.mjs");

// The process groups of running trainers, killed when the worker stops (they run detached, in their own group).
const running = new Set<number>();
let stopHooked = false;
function killRunningOnExit() {
  if (stopHooked) return;
  stopHooked = true;
  const killAll = () => {
    for (const pid of running) {
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  };
  process.on("exit", killAll);
}

/** Runs the operator's trainer command; stdout speaks the JSON-lines protocol; cancel kills its process group. */
export function runCommandBackend(
  template: string,
  vars: Record<string, string>,
  cwd: string,
  onEvent: OnEvent,
): BackendRun {
  const [command, ...args] = commandArgs(template, vars);
  // Through the guard: the trainer dies with the worker even when the worker is killed outright.
  const child = spawn(process.execPath, [trainerGuard(), command!, ...args], {
    cwd,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    // eslint-disable-next-line no-restricted-properties -- passed on to the trainer, filtered; not configuration
    env: trainerEnvironment(process.env) as NodeJS.ProcessEnv,
  });
  if (child.pid) {
    killRunningOnExit();
    running.add(child.pid);
    child.on("close", () => running.delete(child.pid!));
  }
  let cancelled = false;
  let finished: TrainerEvent | null = null;
  const lastErrors: string[] = [];
  createInterface({ input: child.stdout! }).on("line", (line) => {
    const event = parseTrainerLine(line);
    if (event.kind === "done") finished = event;
    onEvent(event);
  });
  createInterface({ input: child.stderr! }).on("line", (line) => {
    lastErrors.push(line);
    if (lastErrors.length > 50) lastErrors.shift();
    onEvent({ kind: "log", text: `[stderr] ${line}` });
  });
  const kill = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  };
  const done = new Promise<RunOutcome>((resolve) => {
    child.on("error", (error) =>
      resolve({
        status: "failed",
        adapter: null,
        endpoint: null,
        error: `could not start the trainer: ${error.message}`,
      }),
    );
    child.on("close", (code, signal) => {
      const f = finished as Extract<TrainerEvent, { kind: "done" }> | null;
      if (cancelled) return resolve({ status: "cancelled", adapter: null, endpoint: null, error: null });
      if (f?.status === "succeeded" && code === 0) {
        return resolve({ status: "succeeded", adapter: f.adapter, endpoint: f.endpoint, error: null });
      }
      // The trainer's own reason, else the last error-looking stderr line (Node and Python print a stack first).
      const stderrReason = [...lastErrors].reverse().find((l) => /error|exception/i.test(l)) ?? lastErrors.at(-1);
      const exit = signal ? `killed by ${signal}` : `exited with code ${code}`;
      const why = f?.error ?? (stderrReason ? `${exit}: ${stderrReason.trim()}` : exit);
      resolve({ status: "failed", adapter: null, endpoint: null, error: why });
    });
  });
  return {
    cancel() {
      cancelled = true;
      kill("SIGTERM");
      setTimeout(() => kill("SIGKILL"), 5000).unref();
    },
    done,
  };
}

/**
 * SIMULATED (demo world): the installed world "trains" the parent's simulated model on the dataset's rows (each case
 * improves with its distinct correct examples, wrong targets make it worse, now and then another topic regresses).
 * Steps are paced so a progress bar has something to show.
 */
export function runSimulatedBackend(
  input: {
    jobId: string;
    parent: SimulatedConfig;
    examples: Array<{ prompt: string; target: string }>;
    steps: number;
    stepDelayMs: number;
  },
  onEvent: OnEvent,
): BackendRun {
  let cancelled = false;
  const random = seededRandom(seedFromString(input.jobId));
  const result = simulatedProvider().train(input.parent, { examples: input.examples, steps: input.steps, random });
  const done = (async (): Promise<RunOutcome> => {
    for (let step = 1; step <= input.steps; step++) {
      if (cancelled) return { status: "cancelled", adapter: null, endpoint: null, error: null };
      if (input.stepDelayMs > 0) await new Promise((r) => setTimeout(r, input.stepDelayMs));
      onEvent({ kind: "progress", step, total: input.steps, loss: result.lossCurve[step - 1] ?? null });
    }
    onEvent({ kind: "log", text: result.summary });
    return {
      status: "succeeded",
      adapter: `simulated://${input.jobId}`,
      endpoint: null,
      error: null,
      simulated: result,
    };
  })();
  return {
    cancel() {
      cancelled = true;
    },
    done,
  };
}
