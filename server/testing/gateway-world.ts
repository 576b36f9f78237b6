import OpenAI from "openai";
import { afterAll, beforeAll } from "vitest";
import { createGatewayHandler } from "../http/gateway-handler";
import { STANDARD_SETTINGS } from "../modules/settings/settings-profiles";
import { createProject, createUser } from "./factories";
import { fakeOpenAI, serve } from "./http-harness";
import { createTestDatabase, testServices, type TestDatabase } from "./test-db";

// The official openai client → the gateway (served over real HTTP) → a fake OpenAI-compatible upstream, for the
// gateway's integration tests. The fields are set once the file's beforeAll has run.

export interface GatewayWorld {
  database: TestDatabase;
  services: ReturnType<typeof testServices>;
  upstream: Awaited<ReturnType<typeof fakeOpenAI>>;
  gateway: Awaited<ReturnType<typeof serve>>;
  /** Waits for the recordings deferred past the responses. */
  settled(): Promise<void>;
  /** A project whose production (and shadows) are the fake upstream with these model names; 2 s timeout. */
  projectWithModel(
    model: string,
    opts?: { apiKey?: string; shadows?: Array<{ model: string; fraction: number }> },
  ): ReturnType<typeof projectWithModel>;
}

async function projectWithModel(
  w: Pick<GatewayWorld, "database" | "services" | "upstream" | "gateway">,
  model: string,
  opts: { apiKey?: string; shadows?: Array<{ model: string; fraction: number }> } = {},
) {
  const { database, services, upstream, gateway } = w;
  const admin = await createUser(database.db);
  const project = await createProject(database.db, { members: [{ userId: admin.id, role: "admin" }] });
  await services.settings.update(
    project.id,
    { ...STANDARD_SETTINGS, gateway: { upstreamTimeoutSeconds: 2, shadowTimeoutSeconds: 1 } },
    admin.id,
  );
  const production = await services.deployments.create(
    project.id,
    { name: "prod", provider: "openai-compatible", baseUrl: upstream.baseUrl, model, apiKey: opts.apiKey },
    admin.id,
  );
  const shadowIds: string[] = [];
  for (const [i, s] of (opts.shadows ?? []).entries()) {
    const v = await services.deployments.create(
      project.id,
      { name: `shadow-${i}`, provider: "openai-compatible", baseUrl: upstream.baseUrl, model: s.model },
      admin.id,
    );
    await services.deployments.setStatus(project.id, v.id, "shadow", s.fraction, admin.id);
    shadowIds.push(v.id);
  }
  const key = await services.apiKeys.create(project.id, { name: "app", scope: "ingest", allowedOrigins: [] }, admin.id);
  const client = new OpenAI({ apiKey: key.key, baseURL: `${gateway.url}/api/v1`, maxRetries: 0 });
  return { project, admin, production, shadowIds, key: key.key, client };
}

/** Registers the file's hooks and returns the world they build. */
export function gatewayWorld(): GatewayWorld {
  const pending: Array<Promise<void>> = [];
  const w = {
    async settled() {
      while (pending.length) await Promise.all(pending.splice(0));
    },
    projectWithModel: (
      model: string,
      opts?: { apiKey?: string; shadows?: Array<{ model: string; fraction: number }> },
    ) => projectWithModel(w, model, opts),
  } as GatewayWorld;
  beforeAll(async () => {
    w.database = await createTestDatabase();
    w.services = testServices(w.database.db);
    w.upstream = await fakeOpenAI();
    const handler = createGatewayHandler({
      services: w.services,
      maxBodyBytes: 1_000_000,
      requestsPerMinute: 1_000_000,
      defer: (task) => void pending.push(task()),
    });
    w.gateway = await serve((req) =>
      new URL(req.url).pathname.endsWith("/models") ? handler.models(req) : handler.chatCompletions(req),
    );
  });
  afterAll(async () => {
    await w.gateway.close();
    await w.upstream.close();
    await w.database.drop();
  });
  return w;
}
