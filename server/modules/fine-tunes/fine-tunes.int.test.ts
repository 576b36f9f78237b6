import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { createServer } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTempDir } from "../../db/embedded-postgres";
import { fill, TOPICS } from "../../simulation/topics";
import { createProject, createUser } from "../../testing/factories";
import { listenLocal } from "../../testing/http-harness";
import { incidentFixture } from "../../testing/loop";
import { createTestDatabase, testServices, type TestDatabase } from "../../testing/test-db";
import { hyperparameters } from "./fine-tunes.schema";

let database: TestDatabase;
const refunds = TOPICS.find((t) => t.key === "refunds")!;
/** The i-th refund question of the world (its details vary with i) and the answer the world counts as right. */
const refundRow = (i: number) => {
  const values = Object.fromEntries(Object.entries(refunds.slots).map(([k, v]) => [k, v[i % v.length]!]));
  return {
    question: fill(refunds.intents[0]!.paraphrases[0]!, values),
    answer: fill(refunds.intents[0]!.good[0]!, values),
  };
};
const trainerDir = makeTempDir("tightloop-ft-");
const FAKE = path.join(process.cwd(), "server", "testing", "fake-trainer.mjs");

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

/** A project with a simulated base version, an incident and a dataset whose prompts are the simulator's questions. */
async function setup(command?: string) {
  const services = testServices(database.db, { trainer: { command, dir: trainerDir, simulatedStepDelayMs: 0 } });
  const admin = await createUser(database.db);
  const project = await createProject(database.db, { members: [{ userId: admin.id, role: "admin" }] });
  const base = await services.deployments.create(
    project.id,
    { provider: "simulated", name: "support-bot-v1", profile: "support-bot-v1" },
    admin.id,
  );
  const incident = await incidentFixture(database.db, project.id, { title: "refunds" });
  const dataset = await database.db.dataset.create({
    data: {
      projectId: project.id,
      incidentId: incident.id,
      name: "refunds",
      kind: "sft+dpo",
      rowCount: 12,
      stats: { byKind: { sft: 12 } },
    },
  });
  await database.db.datasetExample.createMany({
    data: Array.from({ length: 12 }, (_, i) => ({
      projectId: project.id,
      datasetId: dataset.id,
      kind: "sft",
      // The simulated world's own questions with the right answers: the simulated trainer learns its case from them.
      prompt: [{ role: "user", content: refundRow(i).question }],
      chosen: refundRow(i).answer,
    })),
  });
  const start = (backend: "simulated" | "command") =>
    services.fineTunes.create(
      project.id,
      {
        datasetId: dataset.id,
        method: "lora_sft",
        backend,
        baseModelVersionId: base.id,
        hyperparameters: hyperparameters.parse({}),
      },
      admin.id,
    );
  const job = (id: string) => database.db.fineTuneJob.findUniqueOrThrow({ where: { id } });
  return { services, projectId: project.id, adminId: admin.id, base, incident, start, job };
}

describe("fine-tune jobs", () => {
  it("simulated: trains with progress and a loss curve, registers a candidate child of the base, records stage 4", async () => {
    const s = await setup();
    const { jobId } = await s.start("simulated");
    // Creating the job hands it to a worker; here the test is the worker.
    expect(s.services.queue.sentTo("fine-tune-run")).toEqual([{ projectId: s.projectId, jobId }]);
    await s.services.fineTunes.run(s.projectId, jobId);
    const done = await s.job(jobId);
    expect(done).toMatchObject({ status: "succeeded", progress: 1 });
    expect(done.step).toBe(done.totalSteps);
    expect((done.metrics as Array<{ loss: number }>).length).toBe(done.totalSteps);
    const candidate = await database.db.modelVersion.findUniqueOrThrow({
      where: { id: done.candidateModelVersionId! },
    });
    expect(candidate).toMatchObject({
      status: "candidate",
      provider: "simulated",
      parentId: s.base.id,
      adapterRef: `simulated://${jobId}`,
    });
    // support-bot-v1 answers refunds well half the time; rows with the right answers raise that for their case.
    expect((candidate.config as { intentQuality: Record<string, number> }).intentQuality["refunds#0"]).toBeGreaterThan(
      0.7,
    );
    expect(done.logs).toMatch(/simulated training: refunds#0 50 → \d+ % good \(3 correct, 0 wrong example\(s\)\)/);
    expect(await database.db.incident.findUniqueOrThrow({ where: { id: s.incident.id } })).toMatchObject({
      status: "training",
    });
    // With the default policy the candidate waits; "afterTraining: shadow" puts the next one in shadow at once.
    expect(candidate.mirrorFraction).toBe(0);
    // Running it again does nothing: the job is no longer queued.
    await s.services.fineTunes.run(s.projectId, jobId);
    expect(await database.db.modelVersion.count({ where: { projectId: s.projectId } })).toBe(2);
  });

  it("command: writes the data, follows the trainer's JSON lines, and registers its endpoint as a candidate", async () => {
    const s = await setup(`${process.execPath} ${FAKE} succeed {data} {out}`);
    const { jobId } = await s.start("command");
    await s.services.fineTunes.run(s.projectId, jobId);
    const done = await s.job(jobId);
    expect(done.status).toBe("succeeded");
    expect(done.logs).toContain("loaded 12 rows");
    expect(existsSync(path.join(done.workDir!, "sft.train.jsonl"))).toBe(true);
    expect(JSON.parse(readFileSync(path.join(done.workDir!, "config.json"), "utf8"))).toMatchObject({
      method: "lora_sft",
    });
    expect(done.metrics).toEqual([1, 2, 3, 4, 5].map((step) => ({ step, loss: 2 / step })));
    const candidate = await database.db.modelVersion.findUniqueOrThrow({
      where: { id: done.candidateModelVersionId! },
    });
    expect(candidate).toMatchObject({ provider: "openai-compatible", status: "candidate", parentId: s.base.id });
    expect(candidate.config).toEqual({ baseUrl: "http://127.0.0.1:9/v1", model: "support-lora" });
  });

  it("command: a failing or crashing trainer fails the job with its reason; retry makes a new job", async () => {
    for (const [mode, reason] of [
      ["fail", "CUDA out of memory"],
      ["crash", "trainer crashed"],
    ] as const) {
      const s = await setup(`${process.execPath} ${FAKE} ${mode} {data} {out}`);
      const { jobId } = await s.start("command");
      await s.services.fineTunes.run(s.projectId, jobId);
      const done = await s.job(jobId);
      expect(done.status).toBe("failed");
      expect(done.error).toContain(reason);
      expect(done.candidateModelVersionId).toBeNull();
      const again = await s.services.fineTunes.retry(s.projectId, jobId, s.adminId);
      expect((await s.job(again.jobId)).status).toBe("queued");
    }
  });

  it("command: cancel stops a running trainer's process group", async () => {
    const s = await setup(`${process.execPath} ${FAKE} hang {data} {out}`);
    const { jobId } = await s.start("command");
    const running = s.services.fineTunes.run(s.projectId, jobId);
    await expect.poll(async () => (await s.job(jobId)).step, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    await s.services.fineTunes.cancel(s.projectId, jobId, s.adminId);
    await running;
    expect((await s.job(jobId)).status).toBe("cancelled");
    await expect(s.services.fineTunes.cancel(s.projectId, jobId, s.adminId)).rejects.toThrow(
      /Only a waiting, queued or running/,
    );
  });

  it("command: a job whose lease ran out (failed by the sweep) has its trainer stopped, and stays failed", async () => {
    const s = await setup(`${process.execPath} ${FAKE} hang {data} {out}`);
    const { jobId } = await s.start("command");
    const running = s.services.fineTunes.run(s.projectId, jobId);
    await expect.poll(async () => (await s.job(jobId)).step, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    // What the sweep writes when a job's lease runs out (its worker looked dead: a long pause, a partition).
    await database.db.fineTuneJob.update({
      where: { id: jobId },
      data: { status: "failed", error: "The worker running this job stopped (lease ran out)" },
    });
    await running; // the trainer (which never ends by itself) was stopped at the next progress write
    const job = await s.job(jobId);
    expect(job.status).toBe("failed");
    expect(job.error).toContain("stopped");
  });

  it("puts the new candidate straight into shadow when the project's policy says so", async () => {
    const s = await setup();
    const doc = await s.services.settings.get(s.projectId);
    await s.services.settings.update(
      s.projectId,
      { ...doc, shadow: { ...doc.shadow, afterTraining: "shadow", mirrorFraction: 0.5 } },
      s.adminId,
    );
    const { jobId } = await s.start("simulated");
    await s.services.fineTunes.run(s.projectId, jobId);
    const done = await s.job(jobId);
    const candidate = await database.db.modelVersion.findUniqueOrThrow({
      where: { id: done.candidateModelVersionId! },
    });
    expect(candidate).toMatchObject({ status: "shadow", mirrorFraction: 0.5 });
  });

  it("a running job whose worker stopped writing is failed by the lease check, and can be retried", async () => {
    const s = await setup();
    const { jobId } = await s.start("simulated");
    const fresh = await s.start("simulated");
    const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);
    // One job's worker died three minutes ago; another's wrote progress a moment ago.
    await database.db.fineTuneJob.update({
      where: { id: jobId },
      data: { status: "running", startedAt: minutesAgo(10), heartbeatAt: minutesAgo(3) },
    });
    await database.db.fineTuneJob.update({
      where: { id: fresh.jobId },
      data: { status: "running", startedAt: minutesAgo(10), heartbeatAt: minutesAgo(0.1) },
    });
    const lost = await s.services.fineTunes.failStale(120);
    expect(lost.filter((l) => l.projectId === s.projectId)).toEqual([{ jobId, projectId: s.projectId }]);
    expect(await s.job(jobId)).toMatchObject({
      status: "failed",
      error: expect.stringContaining("worker running this job stopped"),
    });
    expect((await s.job(fresh.jobId)).status).toBe("running");
    const again = await s.services.fineTunes.retry(s.projectId, jobId, s.adminId);
    expect((await s.job(again.jobId)).status).toBe("queued");
  });

  it("a failure outside the trainer (the base version deleted meanwhile) fails the job instead of leaving it running", async () => {
    const s = await setup();
    const { jobId } = await s.start("simulated");
    await database.db.fineTuneJob.update({ where: { id: jobId }, data: { baseModelVersionId: "gone" } });
    await expect(s.services.fineTunes.run(s.projectId, jobId)).rejects.toThrow(/base model version/);
    expect(await s.job(jobId)).toMatchObject({
      status: "failed",
      error: expect.stringContaining("base model version"),
    });
  });

  it("fails a job whose dataset has no training rows (all held out) instead of registering a copy of the base", async () => {
    const s = await setup();
    const { jobId } = await s.start("simulated");
    const { datasetId } = await s.job(jobId);
    await database.db.datasetExample.updateMany({ where: { datasetId }, data: { split: "holdout" } });
    await expect(s.services.fineTunes.run(s.projectId, jobId)).rejects.toThrow(/no SFT rows in its train split/);
    expect(await s.job(jobId)).toMatchObject({ status: "failed", candidateModelVersionId: null });
  });

  it("refuses a backend that cannot train this base, and an empty method", async () => {
    const s = await setup();
    await expect(s.start("command")).rejects.toThrow(/No trainer command is configured/);
    const dpo = s.services.fineTunes.create(
      s.projectId,
      {
        datasetId: (await s.job((await s.start("simulated")).jobId)).datasetId,
        method: "dpo",
        backend: "simulated",
        baseModelVersionId: s.base.id,
        hyperparameters: hyperparameters.parse({}),
      },
      s.adminId,
    );
    await expect(dpo).rejects.toThrow(/no DPO pairs/);
  });

  it("openai-compatible: uploads the file, creates the provider's job, follows its events, registers the fine-tuned model", async () => {
    const seen: { auth: string[]; file: string; body: Record<string, unknown> | null; polls: number } = {
      auth: [],
      file: "",
      body: null,
      polls: 0,
    };
    const server = createServer(async (req, res) => {
      seen.auth.push(req.headers.authorization ?? "");
      let raw = "";
      for await (const chunk of req) raw += chunk;
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
      };
      if (req.url === "/v1/files" && req.method === "POST") {
        seen.file = raw;
        return json(200, { id: "file-1", purpose: "fine-tune" });
      }
      if (req.url === "/v1/fine_tuning/jobs" && req.method === "POST") {
        seen.body = JSON.parse(raw) as Record<string, unknown>;
        return json(200, { id: "ftjob-1", status: "validating_files" });
      }
      if (req.url === "/v1/fine_tuning/jobs/ftjob-1") {
        seen.polls++;
        return json(
          200,
          seen.polls < 2
            ? { id: "ftjob-1", status: "running" }
            : { id: "ftjob-1", status: "succeeded", fine_tuned_model: "ft:base-model:acme::xyz" },
        );
      }
      if (req.url?.startsWith("/v1/fine_tuning/jobs/ftjob-1/events")) {
        return json(200, {
          data: [
            { id: "e3", message: "Step 2/2: training loss=0.40", data: { step: 2, total_steps: 2, train_loss: 0.4 } },
            { id: "e2", message: "Step 1/2: training loss=0.90", data: { step: 1, total_steps: 2, train_loss: 0.9 } },
            { id: "e1", message: "Validating training file" },
          ],
        });
      }
      json(404, { error: { message: "not found" } });
    });
    const fake = await listenLocal(server);
    try {
      const services = testServices(database.db, { trainer: { dir: trainerDir, openAIPollMs: 10 } });
      const s = await setup();
      const base = await services.deployments.create(
        s.projectId,
        {
          provider: "openai-compatible",
          name: "hosted",
          baseUrl: `${fake.url}/v1`,
          model: "base-model",
          apiKey: "sk-test-key",
        },
        s.adminId,
      );
      const { jobId } = await services.fineTunes.create(
        s.projectId,
        {
          datasetId: (await s.job((await s.start("simulated")).jobId)).datasetId,
          method: "lora_sft",
          backend: "openai-compatible",
          baseModelVersionId: base.id,
          hyperparameters: hyperparameters.parse({ epochs: 2 }),
        },
        s.adminId,
      );
      await services.fineTunes.run(s.projectId, jobId);
      const done = await s.job(jobId);
      expect(done).toMatchObject({ status: "succeeded", step: 2, totalSteps: 2 });
      expect(done.metrics).toEqual([
        { step: 1, loss: 0.9 },
        { step: 2, loss: 0.4 },
      ]);
      expect(done.logs).toContain("Validating training file");
      expect(seen.auth.every((a) => a === "Bearer sk-test-key")).toBe(true);
      expect(seen.file).toContain('{"messages":[{"role":"user"');
      expect(seen.body).toEqual({
        model: "base-model",
        training_file: "file-1",
        method: { type: "supervised", supervised: { hyperparameters: { n_epochs: 2 } } },
      });
      const candidate = await database.db.modelVersion.findUniqueOrThrow({
        where: { id: done.candidateModelVersionId! },
      });
      expect(candidate).toMatchObject({
        provider: "openai-compatible",
        status: "candidate",
        parentId: base.id,
        adapterRef: "ft:base-model:acme::xyz",
      });
      expect(candidate.config).toEqual({ baseUrl: `${fake.url}/v1`, model: "ft:base-model:acme::xyz" });
      expect(candidate.encryptedSecret).not.toBeNull();
    } finally {
      await fake.close();
    }
  });
});
