import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { STANDARD_SETTINGS } from "../modules/settings/settings-profiles";
import { createProject, createUser } from "../testing/factories";
import { gatewayWorld } from "../testing/gateway-world";
import { testServices } from "../testing/test-db";
import { sentenceEmbedder } from "../llm/embeddings";
import { incidentFixture, trainedFor } from "../testing/loop";

// The official openai client → the gateway (served over real HTTP) → a fake OpenAI-compatible w.upstream.

const w = gatewayWorld();
const { settled, projectWithModel } = w;

describe("gateway", () => {
  it("answers a non-streaming call through the openai client and records the interaction", async () => {
    const { client, project, production } = await projectWithModel("ok", { apiKey: "sk-upstream-secret-123" });
    const { data, response } = await client.chat.completions
      .create(
        { model: "anything", messages: [{ role: "user", content: "How do I reset my password?" }] },
        { headers: { "X-Tightloop-Session": "sess-1", "X-Tightloop-User": "user-1" } },
      )
      .withResponse();
    expect(data.choices[0]!.message.content).toBe("Open Settings, then Security, then Reset password.");
    const id = response.headers.get("x-tightloop-interaction-id");
    expect(data.id).toBe(id);
    expect(w.upstream.calls.at(-1)!.auth).toBe("Bearer sk-upstream-secret-123");
    await settled();
    const row = await w.database.db.interaction.findUniqueOrThrow({ where: { id: id! } });
    expect(row).toMatchObject({
      projectId: project.id,
      role: "production",
      source: "gateway",
      sessionId: "sess-1",
      endUserId: "user-1",
      modelVersionId: production.id,
      output: data.choices[0]!.message.content,
      promptTokens: 11,
      aborted: false,
      queryText: "How do I reset my password?",
    });
  });

  it("streams through the openai client unchanged in shape, with the interaction id on every chunk", async () => {
    const { client } = await projectWithModel("ok");
    const stream = await client.chat.completions.create({
      model: "x",
      stream: true,
      messages: [{ role: "user", content: "hi" }],
      user: "user-2",
    });
    let text = "";
    const ids = new Set<string>();
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? "";
      ids.add(chunk.id);
    }
    expect(text).toBe("Open Settings, then Security, then Reset password.");
    expect(ids.size).toBe(1);
    await settled();
    const row = await w.database.db.interaction.findUniqueOrThrow({ where: { id: [...ids][0]! } });
    expect(row).toMatchObject({ output: text, completionTokens: 7, endUserId: "user-2", aborted: false });
    expect(row.sessionId).toMatch(/^auto-/); // no session header: derived from the user's recent requests
  });

  it("records a truncated answer when the client hangs up mid-stream, and the worker derives a truncation signal", async () => {
    const { client, project } = await projectWithModel("slow-stream");
    const controller = new AbortController();
    const stream = await client.chat.completions.create(
      { model: "x", stream: true, messages: [{ role: "user", content: "explain" }] },
      { signal: controller.signal },
    );
    let id = "";
    for await (const chunk of stream) {
      id = chunk.id;
      controller.abort(); // the app stops reading after the first words and drops the connection
      break;
    }
    expect(id).toMatch(/^ix_/);
    await expect
      .poll(async () => (await settled(), await w.database.db.interaction.findUnique({ where: { id } }))?.aborted, {
        timeout: 5000,
      })
      .toBe(true);
    await w.services.signals.processProject(project.id);
    expect(
      await w.database.db.signal.findMany({ where: { interactionId: id }, select: { type: true, evidence: true } }),
    ).toEqual([{ type: "truncation", evidence: { via: "gateway" } }]);
  });

  it("mirrors to shadows without touching production, even when a shadow hangs or fails", async () => {
    const { client, shadowIds } = await projectWithModel("ok", {
      shadows: [
        { model: "hang", fraction: 1 },
        { model: "fail", fraction: 1 },
        { model: "ok", fraction: 1 },
      ],
    });
    const t0 = performance.now();
    const { data, response } = await client.chat.completions
      .create({ model: "x", messages: [{ role: "user", content: "refund?" }] })
      .withResponse();
    const elapsed = performance.now() - t0;
    expect(response.status).toBe(200);
    expect(data.choices[0]!.message.content).toContain("Reset password");
    expect(elapsed).toBeLessThan(500); // the hanging shadow times out after 1 s, long after production answered
    await settled();
    const shadows = await w.database.db.interaction.findMany({
      where: { shadowOfId: data.id },
      select: { modelVersionId: true, output: true, metadata: true, role: true },
    });
    const byVersion = new Map(shadows.map((s) => [s.modelVersionId, s]));
    expect(shadows.every((s) => s.role === "shadow")).toBe(true);
    expect(byVersion.get(shadowIds[0]!)!.metadata).toEqual({ shadowError: "timeout" });
    expect(byVersion.get(shadowIds[1]!)!.metadata).toEqual({ shadowError: "HTTP 500" });
    expect(byVersion.get(shadowIds[2]!)!.output).toContain("Reset password");
  });

  it("mirrors every request in a candidate's incident slice and a share of the rest, marking which is which", async () => {
    // mirrorFraction 0: only the slice is mirrored. The slice: the refunds topic (its centroid) and the incident's
    // failing refund questions (their embeddings), as the pattern scan and the worker leave them.
    const { client, project, production, shadowIds } = await projectWithModel("ok", {
      shadows: [{ model: "ok", fraction: 0 }],
    });
    const embedder = sentenceEmbedder();
    const [refundCentroid, passwordCentroid, failing] = await embedder.embed([
      "How do I get a refund for my order?",
      "How do I reset my password?",
      "I was charged twice, can I get my money back?",
    ]);
    const refunds = await w.database.db.topic.create({
      data: { projectId: project.id, label: "refund · order", centroid: refundCentroid! },
    });
    await w.database.db.topic.create({
      data: { projectId: project.id, label: "password · reset", centroid: passwordCentroid! },
    });
    const failed = await w.database.db.interaction.create({
      data: {
        projectId: project.id,
        modelVersionId: production.id,
        topicId: refunds.id,
        input: [],
        queryText: "I was charged twice, can I get my money back?",
        embedding: failing!,
        startedAt: new Date(Date.now() - 60_000),
      },
    });
    await w.database.db.signal.create({
      data: {
        projectId: project.id,
        interactionId: failed.id,
        type: "thumbs_down",
        polarity: "negative",
        strength: 1,
        source: "explicit",
        dedupeKey: `t-${failed.id}`,
        occurredAt: new Date(),
      },
    });
    const incident = await incidentFixture(w.database.db, project.id, { title: "refunds", topicId: refunds.id });
    await trainedFor(w.database.db, project.id, {
      incidentId: incident.id,
      baseId: production.id,
      candidateId: shadowIds[0]!,
    });
    const ask = async (content: string) => {
      const { data } = await client.chat.completions
        .create({ model: "x", messages: [{ role: "user", content }] })
        .withResponse();
      await settled();
      return w.database.db.interaction.findMany({ where: { shadowOfId: data.id }, select: { metadata: true } });
    };
    expect(await ask("Can I get a refund on my last order?")).toEqual([{ metadata: { slice: true } }]);
    expect(await ask("I got charged two times, can I have my money back?")).toEqual([{ metadata: { slice: true } }]);
    expect(await ask("How can I change my password?")).toEqual([]);
    await w.services.deployments.setStatus(project.id, shadowIds[0]!, "shadow", 1, null);
    expect(await ask("How can I change my password?")).toEqual([{ metadata: { slice: false } }]);
  });

  it("maps auth, missing routes and upstream failures to OpenAI-style errors", async () => {
    const bad = new OpenAI({ apiKey: "tlk_nope", baseURL: `${w.gateway.url}/api/v1`, maxRetries: 0 });
    await expect(
      bad.chat.completions.create({ model: "x", messages: [{ role: "user", content: "hi" }] }),
    ).rejects.toMatchObject({ status: 401 });

    const admin = await createUser(w.database.db);
    const empty = await createProject(w.database.db, { members: [{ userId: admin.id, role: "admin" }] });
    const key = await w.services.apiKeys.create(empty.id, { name: "k", scope: "ingest", allowedOrigins: [] }, admin.id);
    const noRoute = new OpenAI({ apiKey: key.key, baseURL: `${w.gateway.url}/api/v1`, maxRetries: 0 });
    await expect(
      noRoute.chat.completions.create({ model: "x", messages: [{ role: "user", content: "hi" }] }),
    ).rejects.toMatchObject({ status: 503, code: "no_production_model" });

    const failing = await projectWithModel("fail");
    await expect(
      failing.client.chat.completions.create({ model: "x", messages: [{ role: "user", content: "hi" }] }),
    ).rejects.toMatchObject({ status: 502, code: "upstream_error" });
    const hanging = await projectWithModel("hang");
    await expect(
      hanging.client.chat.completions.create({ model: "x", messages: [{ role: "user", content: "hi" }] }),
    ).rejects.toMatchObject({ status: 504, code: "upstream_timeout" });
  });

  it("never returns, logs or audits a provider secret", async () => {
    const { client, project } = await projectWithModel("ok", { apiKey: "sk-never-show-me-42" });
    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toEqual(["prod"]);
    const listed = await w.services.deployments.list(project.id);
    expect(JSON.stringify(listed)).not.toContain("sk-never-show-me-42");
    expect(listed[0]).toMatchObject({ hasApiKey: true });
    const stored = await w.database.db.modelVersion.findFirstOrThrow({ where: { projectId: project.id } });
    expect(stored.encryptedSecret).not.toContain("sk-never-show-me-42");
    const audit = await w.database.db.auditLog.findMany({ where: { projectId: project.id } });
    expect(JSON.stringify(audit)).not.toContain("sk-never-show-me-42");
  });

  it("serves a simulated version like any endpoint, honours per-version timeouts and keeps provenance", async () => {
    const { project, admin, production } = await projectWithModel("hang");
    // Production hangs; a per-version timeout of 1 s (project: 2 s) decides when the gateway gives up.
    const slowCheck = await w.services.deployments.create(
      project.id,
      {
        name: "per-version-timeout",
        provider: "openai-compatible",
        baseUrl: w.upstream.baseUrl,
        model: "hang",
        timeoutSeconds: 1,
      },
      admin.id,
    );
    const tested = await w.services.deployments.test(project.id, slowCheck.id);
    expect(tested).toMatchObject({ ok: false, error: "no answer within 1 s" });

    const simulated = await w.services.deployments.create(
      project.id,
      {
        name: "sim-candidate",
        provider: "simulated",
        profile: "strong",
        parentId: production.id,
        adapterRef: "lora/a1",
      },
      admin.id,
    );
    await w.services.deployments.setStatus(project.id, simulated.id, "shadow", 1, admin.id);
    const listed = (await w.services.deployments.list(project.id)).find((v) => v.id === simulated.id)!;
    expect(listed).toMatchObject({
      provider: "simulated",
      parentId: production.id,
      adapterRef: "lora/a1",
      createdBy: { email: admin.email },
      config: { profile: "strong" },
    });
    expect(await w.services.deployments.test(project.id, simulated.id)).toMatchObject({ ok: true });

    // A project whose production is simulated: the official client streams and parses it like any model.
    const simProject = await createProject(w.database.db, { members: [{ userId: admin.id, role: "admin" }] });
    await w.services.deployments.create(
      simProject.id,
      { name: "sim-prod", provider: "simulated", profile: "strong" },
      admin.id,
    );
    const key = await w.services.apiKeys.create(
      simProject.id,
      { name: "k", scope: "ingest", allowedOrigins: [] },
      null,
    );
    const simClient = new OpenAI({ apiKey: key.key, baseURL: `${w.gateway.url}/api/v1`, maxRetries: 0 });
    const question = { role: "user" as const, content: "How do I reset my password?" };
    const plain = await simClient.chat.completions.create({ model: "x", messages: [question] });
    expect(plain.choices[0]!.message.content).toMatch(/\w+ \w+ \w+/);
    let streamed = "";
    for await (const chunk of await simClient.chat.completions.create({
      model: "x",
      messages: [question],
      stream: true,
    }))
      streamed += chunk.choices[0]?.delta?.content ?? "";
    expect(streamed).toMatch(/\w+ \w+ \w+/);
    await settled();
    expect(await w.database.db.interaction.count({ where: { projectId: simProject.id } })).toBe(2);
  });

  it("keeps routes in memory and drops them when any process, this one included, changes a route or settings (LISTEN/NOTIFY)", async () => {
    const { project, admin, client } = await projectWithModel("ok");
    await w.services.deployments.cacheGatewayTargets();
    try {
      const other = testServices(w.database.db); // another process: its writes reach this one only through NOTIFY
      await client.chat.completions.create({ model: "x", messages: [{ role: "user", content: "hi" }] });
      // A write that does not notify is not seen: the targets really come from memory.
      await w.database.db
        .$executeRaw`UPDATE model_versions SET name = 'renamed-quietly' WHERE project_id = ${project.id}`;
      expect((await w.services.deployments.gatewayTargets(project.id)).production?.name).toBe("prod");
      const shadow = await other.deployments.create(
        project.id,
        { name: "late-shadow", provider: "openai-compatible", baseUrl: w.upstream.baseUrl, model: "ok" },
        admin.id,
      );
      await other.deployments.setStatus(project.id, shadow.id, "shadow", 1, admin.id);
      await expect
        .poll(async () => (await w.services.deployments.gatewayTargets(project.id)).shadows.map((s) => s.name))
        .toEqual(["late-shadow"]);
      expect((await w.services.deployments.gatewayTargets(project.id)).production?.name).toBe("renamed-quietly");
      // This process's own changes take the same path (no in-process shortcut).
      await w.services.deployments.setStatus(project.id, shadow.id, "retired", undefined, admin.id);
      await expect.poll(async () => (await w.services.deployments.gatewayTargets(project.id)).shadows).toEqual([]);
      await other.settings.update(
        project.id,
        { ...STANDARD_SETTINGS, gateway: { upstreamTimeoutSeconds: 7, shadowTimeoutSeconds: 1 } },
        admin.id,
      );
      await expect
        .poll(
          async () => (await w.services.deployments.gatewayTargets(project.id)).settings.gateway.upstreamTimeoutSeconds,
        )
        .toBe(7);
    } finally {
      await w.services.deployments.stopCachingGatewayTargets();
    }
  });
});
