import { describe, expect, it } from "vitest";
import { gatewayWorld } from "../testing/gateway-world";
import { createGatewayHandler } from "./gateway-handler";

// What the gateway refuses and bounds: poison requests that must not cost other tenants their records, upstreams
// that stall, and the per-key rate limit.

const w = gatewayWorld();
const { settled, projectWithModel } = w;

describe("gateway limits", () => {
  it("loses no clean interaction to poison requests of other tenants arriving at the same moment", async () => {
    const a = await projectWithModel("ok");
    const b = await projectWithModel("ok");
    const nul = await projectWithModel("nul"); // its upstream answers with a NUL character
    const post = (key: string, messages: unknown) =>
      fetch(`${w.gateway.url}/api/v1/chat/completions`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({ model: "x", messages }),
      });
    const clean = Array.from({ length: 38 }, (_, i) =>
      post(i % 2 ? a.key : b.key, [{ role: "user", content: `clean question ${i}` }]),
    );
    const poison = [
      post(a.key, [{ role: "user", content: "poison \u0000 here" }]),
      post(b.key, [
        { role: "user", content: "ok" },
        { role: "assistant", content: "x", tool_calls: ["\ud800"] },
      ]),
      post(a.key, [null]),
      post(b.key, [1, "x"]),
      post(a.key, [{ role: { admin: true }, content: "x" }]),
    ];
    const [cleanRes, poisonRes, nulRes] = await Promise.all([
      Promise.all(clean),
      Promise.all(poison),
      post(nul.key, [{ role: "user", content: "what is stored?" }]),
    ]);
    expect(cleanRes.every((r) => r.status === 200)).toBe(true);
    for (const r of poisonRes) {
      expect(r.status).toBe(400);
      expect(((await r.json()) as { error: { code: string } }).error.code).toBe("invalid_messages");
    }
    expect(nulRes.status).toBe(200);
    await settled();
    const stored = await w.database.db.interaction.count({
      where: { projectId: { in: [a.project.id, b.project.id] }, queryText: { startsWith: "clean question" } },
    });
    expect(stored).toBe(38);
    // The answer with a character PostgreSQL cannot store is kept, that character replaced.
    const kept = await w.database.db.interaction.findFirstOrThrow({ where: { projectId: nul.project.id } });
    expect(kept.output).toBe("Open Settings, then Security, then Reset password.\ufffd");
  });

  it("times out an upstream that stalls after its headers: 504 in OpenAI's shape, socket closed; streams end with an error event", async () => {
    const { client, key } = await projectWithModel("stall"); // the project's timeout is 2 s
    const t0 = Date.now();
    const res = await fetch(`${w.gateway.url}/api/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "x", messages: [{ role: "user", content: "hi" }] }),
    });
    expect(res.status).toBe(504);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("upstream_timeout");
    expect(Date.now() - t0).toBeLessThan(6000);
    await expect.poll(() => w.upstream.connections(), { timeout: 5000 }).toBe(0);

    const stream = await client.chat.completions.create({
      model: "x",
      messages: [{ role: "user", content: "hi" }],
      stream: true,
    });
    const chunks: string[] = [];
    await expect(
      (async () => {
        for await (const chunk of stream) chunks.push(chunk.choices[0]?.delta?.content ?? "");
      })(),
    ).rejects.toThrow(/stopped answering for 2 s/);
    expect(chunks).toEqual(["Open"]);
    await settled();
    await expect.poll(() => w.upstream.connections(), { timeout: 5000 }).toBe(0);
  });

  it("rate-limits each key with an OpenAI-style 429 and Retry-After", async () => {
    const { key } = await projectWithModel("ok");
    const limited = createGatewayHandler({
      services: w.services,
      maxBodyBytes: 1_000_000,
      requestsPerMinute: 2,
      defer: () => {},
    });
    const call = () =>
      limited.chatCompletions(
        new Request("http://localhost/api/v1/chat/completions", {
          method: "POST",
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
          body: JSON.stringify({ model: "x", messages: [{ role: "user", content: "hi" }] }),
        }),
      );
    expect((await call()).status).toBe(200);
    expect((await call()).status).toBe(200);
    const third = await call();
    expect(third.status).toBe(429);
    expect(Number(third.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await third.json()) as { error: { code: string } }).error.code).toBe("rate_limit_exceeded");
  });
});
