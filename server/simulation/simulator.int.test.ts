import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGatewayHandler } from "../http/gateway-handler";
import { createIngestHandler } from "../http/ingest-handler";
import { FAST_SETTINGS } from "../modules/settings/settings-profiles";
import { seededRandom } from "../stats/random";
import { createProject, createUser } from "../testing/factories";
import { serve } from "../testing/http-harness";
import { createTestDatabase, testServices, type TestDatabase } from "../testing/test-db";
import { SIMULATED_PROFILES } from "./model";
import type { SessionStats } from "./session";
import { backfill, live, type SimulatorOptions } from "./simulator";
import { DEFAULT_BEHAVIOR } from "./users";

// The simulator as a client of the product: a real project API key, the real ingest and gateway handlers served over
// HTTP, and the signal rules deriving rephrases, truncations and abandonment from what it sends.

let database: TestDatabase;
let services: ReturnType<typeof testServices>;
let app: Awaited<ReturnType<typeof serve>>;
const pending: Array<Promise<void>> = [];
const settled = async () => {
  while (pending.length) await Promise.all(pending.splice(0));
};

beforeAll(async () => {
  database = await createTestDatabase();
  services = testServices(database.db);
  const gateway = createGatewayHandler({
    requestsPerMinute: 1_000_000,
    services,
    maxBodyBytes: 1_000_000,
    defer: (task) => void pending.push(task()),
  });
  const ingest = createIngestHandler({
    services,
    limits: { maxEvents: 1000, maxBytes: 5_000_000, requestsPerMinute: 10_000 },
  });
  app = await serve((req) =>
    new URL(req.url).pathname === "/api/v1/ingest" ? ingest.post(req) : gateway.chatCompletions(req),
  );
});
afterAll(async () => {
  await app.close();
  await database.drop();
});

async function simulatedProject(profile: "weak" | "support-bot-v1") {
  const admin = await createUser(database.db);
  const project = await createProject(database.db, { members: [{ userId: admin.id, role: "admin" }] });
  await services.settings.update(project.id, FAST_SETTINGS, admin.id);
  const model = await services.deployments.create(
    project.id,
    { name: "sim-prod", provider: "simulated", profile },
    admin.id,
  );
  const key = await services.apiKeys.create(project.id, { name: "sim", scope: "ingest", allowedOrigins: [] }, admin.id);
  const errors: string[] = [];
  const options: SimulatorOptions = {
    baseUrl: app.url,
    apiKey: key.key,
    clock: { start: new Date(Date.now() - 3 * 3_600_000), emergeAfterHours: 1 },
    behavior: DEFAULT_BEHAVIOR,
    // Fast users: a few milliseconds of thinking, back the next "day" 300 ms later.
    timing: { thinkMs: [5, 20], returnAfterMs: 300, streamShare: 0.7 },
    random: seededRandom(42),
    users: 20,
    onError: (m) => errors.push(m),
  };
  return { project, model, options, errors };
}

const interactionsOf = (projectId: string) =>
  database.db.interaction.findMany({
    where: { projectId },
    select: { id: true, modelVersionId: true, output: true, aborted: true, metadata: true, startedAt: true },
  });

describe("simulator", () => {
  it("back-fills history through the ingest API with past timestamps, and the signal rules read it", async () => {
    const { project, model, options, errors } = await simulatedProject("weak");
    // A fixed time of day (12:00–14:00 UTC of the last day it is past), so the world's daily rhythm — and with it
    // the seeded stream of conversations — is the same whenever the suite runs.
    const to = new Date();
    to.setUTCHours(14, 0, 0, 0);
    if (to.getTime() > Date.now() - 3_600_000) to.setUTCDate(to.getUTCDate() - 1);
    const from = new Date(to.getTime() - 2 * 3_600_000);
    const stats: SessionStats = await backfill({
      ...options,
      clock: { start: from, emergeAfterHours: 1 },
      from,
      to,
      sessionsPerDay: 12 * 60, // ≈ 60 conversations in two hours
      model: { name: "sim-prod", config: SIMULATED_PROFILES.weak },
    });
    expect(errors).toEqual([]);
    const rows = await interactionsOf(project.id);
    expect(rows).toHaveLength(stats.interactions);
    expect(stats.interactions).toBeGreaterThan(40);
    expect(rows.every((r) => r.modelVersionId === model.id)).toBe(true);
    expect(rows.every((r) => r.startedAt >= from && r.startedAt.getTime() < to.getTime() + 600_000)).toBe(true);
    expect(rows.every((r) => (r.metadata as { simulated?: boolean }).simulated === true)).toBe(true);

    const kinds = await database.db.event.groupBy({ by: ["kind"], where: { projectId: project.id }, _count: true });
    expect(kinds.map((k) => k.kind)).toEqual(expect.arrayContaining(["copy", "stop_generation"]));

    // A weak model and a seeded world: the users' reactions turn into the signals the later stages read.
    for (let i = 0; i < 10 && (await services.signals.processProject(project.id)).backlog; i++);
    const types = new Set(
      (await database.db.signal.findMany({ where: { projectId: project.id }, select: { type: true } })).map(
        (s) => s.type,
      ),
    );
    expect(stats.rephrases).toBeGreaterThan(0);
    expect([...types]).toEqual(
      expect.arrayContaining(["rephrase", "truncation", "correction", "return_query", "abandonment"]),
    );
  });

  it("sends live traffic through the gateway: streamed, stopped and rephrased conversations", async () => {
    const { project, model, options, errors } = await simulatedProject("weak");
    const stats = await live({ ...options, sessionsPerMinute: 600, durationMs: 2500 });
    await settled();
    expect(errors).toEqual([]);
    const rows = await interactionsOf(project.id);
    expect(rows).toHaveLength(stats.interactions);
    expect(stats.interactions).toBeGreaterThan(10);
    expect(rows.every((r) => r.modelVersionId === model.id && r.output)).toBe(true);
    // Users who hit stop hang up on the stream and report it (stop_generation), as an app with the SDK would. The
    // gateway sees the hang-up as a truncated answer unless the last words were already on the wire.
    const stops = await database.db.event.count({ where: { projectId: project.id, kind: "stop_generation" } });
    expect(stops).toBe(stats.stopped);
    expect(rows.filter((r) => r.aborted).length).toBeLessThanOrEqual(stats.stopped);
    expect(rows.some((r) => (r.metadata as { stream?: boolean }).stream === true)).toBe(true);
    expect(rows.some((r) => (r.metadata as { stream?: boolean }).stream === false)).toBe(true);
  });
});
