import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProject, createUser, thresholdRule } from "../testing/factories";
import { createTestDatabase, testServices, type TestDatabase } from "../testing/test-db";
import { outboundPolicy } from "./outbound";

// Every place a user configures a URL, on an instance with the default (strict) policy, against an "internal"
// service on loopback: nothing is saved that the calls would refuse, and nothing reaches the internal service.

const RUBRIC = {
  criteria: [{ name: "Correct", description: "Right steps.", scale: "pass_fail" as const }],
  failureCategories: ["incorrect"],
  examples: [],
};

const KEY = randomBytes(32).toString("base64");
let database: TestDatabase;
let services: ReturnType<typeof testServices>;
let internal: ReturnType<typeof createServer>;
let internalUrl = "";
let hits = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  services = testServices(database.db, { outbound: outboundPolicy(), encryptionKey: KEY });
  internal = createServer((_req, res) => {
    hits++;
    res.writeHead(400, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: { message: "INTERNAL-ONLY DATA" } }));
  });
  await new Promise<void>((resolve) => internal.listen(0, "127.0.0.1", resolve));
  internalUrl = `http://127.0.0.1:${(internal.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => internal.close(() => resolve()));
  await database.drop();
});

async function project() {
  const admin = await createUser(database.db);
  const p = await createProject(database.db, { members: [{ userId: admin.id, role: "admin" }] });
  return { admin, projectId: p.id };
}

describe("user-configured URLs under the default outbound policy", () => {
  it("refuses model versions on loopback, private, link-local and non-http URLs when they are saved", async () => {
    const { admin, projectId } = await project();
    for (const [baseUrl, rule] of [
      [internalUrl, /private or loopback/],
      ["http://10.0.0.7:8000/v1", /private or loopback/],
      ["http://169.254.169.254/latest", /link-local or metadata/],
      ["file:///etc/passwd", /only http and https/],
    ] as const) {
      await expect(
        services.deployments.create(
          projectId,
          { name: `v-${baseUrl.length}`, provider: "openai-compatible", baseUrl, model: "m", apiKey: "sk-secret" },
          admin.id,
        ),
      ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(rule) });
    }
    expect(await database.db.modelVersion.count({ where: { projectId } })).toBe(0);
    expect(hits).toBe(0);
  });

  it("refuses judges and alert webhooks on internal addresses, and never calls them", async () => {
    const { admin, projectId } = await project();
    const rubric = await services.evaluation.createRubric(projectId, "Quality", RUBRIC, admin.id);
    await expect(
      services.evaluation.createJudge(
        projectId,
        {
          provider: "openai-compatible",
          name: "inside",
          baseUrl: internalUrl,
          model: "j",
          timeoutSeconds: 5,
          rubricVersionId: rubric.versionId,
          sampleRate: 1,
          filters: {},
        },
        admin.id,
      ),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(
      services.alerts.setDeploymentWebhook(projectId, `${internalUrl}/hook`, admin.id),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(
      services.alerts.createRule(projectId, thresholdRule("r", { webhookUrl: "http://[::1]:9/hook" }), admin.id),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(hits).toBe(0);
  });

  it("'Test' on a version whose address the policy refuses reports the rule, never the target's body", async () => {
    const { admin, projectId } = await project();
    // Saved while the instance allowed loopback (say, before an operator tightened the policy).
    const permissive = testServices(database.db, { encryptionKey: KEY });
    const version = await permissive.deployments.create(
      projectId,
      { name: "was-allowed", provider: "openai-compatible", baseUrl: internalUrl, model: "m", apiKey: "sk-secret" },
      admin.id,
    );
    const result = await services.deployments.test(projectId, version.id);
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/^refused: .*private or loopback/) });
    expect(JSON.stringify(result)).not.toContain("INTERNAL-ONLY");
    expect(hits).toBe(0);
    // Where the instance allows the address, a failing answer is reduced to the status and the error field.
    const allowed = await permissive.deployments.test(projectId, version.id);
    expect(allowed).toMatchObject({ ok: false, error: "HTTP 400: INTERNAL-ONLY DATA" });
  });
});
