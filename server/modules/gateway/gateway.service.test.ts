// The gateway's plan and record with fakes at its ports: no HTTP server, no database, no model.
import { describe, expect, it } from "vitest";
import { STANDARD_SETTINGS } from "../settings/settings-profiles";
import type { GatewayRepo, RecordedInteraction } from "./gateway.repo";
import { createGatewayService, type Defer } from "./gateway.service";

const PRODUCTION = {
  provider: "openai-compatible" as const,
  modelVersionId: "mv-prod",
  name: "prod",
  baseUrl: "http://model.test/v1",
  model: "m",
  apiKey: null,
  timeoutSeconds: null,
};

function gateway(answer: () => Promise<Response>) {
  const recorded: RecordedInteraction[] = [];
  const woken: string[] = [];
  const deferred: Array<Promise<void>> = [];
  const defer: Defer = (task) => void deferred.push(task());
  const service = createGatewayService({
    repo: {
      recentSession: async () => "sess-earlier",
      recordMany: async (rows: RecordedInteraction[]) => void recorded.push(...rows),
    } as unknown as GatewayRepo,
    wakeSignals: async (projectId) => void woken.push(projectId),
    deployments: {
      list: async () => [],
      gatewayTargets: async () => ({ production: PRODUCTION, shadows: [], settings: STANDARD_SETTINGS }),
    },
    shadow: { mirrorPlan: async () => [] },
    chat: answer,
  });
  const settled = async () => void (await Promise.all(deferred));
  return { service, recorded, woken, defer, settled };
}

const body = { model: "x", messages: [{ role: "user", content: "How do I reset my password?" }] };

describe("gateway service (fakes at its ports)", () => {
  it("answers with the interaction's id, then records the answer in the user's recent session and wakes the signals", async () => {
    const g = gateway(async () =>
      Response.json({
        id: "upstream-id",
        choices: [{ message: { role: "assistant", content: "Settings, then Security." } }],
        usage: { prompt_tokens: 9, completion_tokens: 4 },
      }),
    );
    const answer = await g.service.complete({
      projectId: "p",
      body,
      sessionId: null,
      endUserId: "u-1",
      defer: g.defer,
    });
    if (!("json" in answer)) throw new Error(`expected a JSON answer, got ${JSON.stringify(answer)}`);
    expect(answer.id).toMatch(/^ix_[0-9a-f]{32}$/);
    expect(answer.json.id).toBe(answer.id); // the upstream's id is replaced by the interaction's
    await g.settled();
    expect(g.recorded).toEqual([
      expect.objectContaining({
        projectId: "p",
        role: "production",
        modelVersionId: "mv-prod",
        sessionId: "sess-earlier",
        queryText: "How do I reset my password?",
        output: "Settings, then Security.",
        promptTokens: 9,
        completionTokens: 4,
        aborted: false,
      }),
    ]);
    expect(g.woken).toEqual(["p"]);
  });

  it("refuses an empty conversation and maps upstream failures to OpenAI-style refusals, recording nothing", async () => {
    const g = gateway(async () => Response.json({ error: { message: "overloaded" } }, { status: 503 }));
    const empty = await g.service.complete({
      projectId: "p",
      body: { messages: [] },
      sessionId: null,
      endUserId: null,
      defer: g.defer,
    });
    expect(empty).toEqual({ refused: expect.objectContaining({ status: 400, code: "invalid_messages" }) });
    const failed = await g.service.complete({ projectId: "p", body, sessionId: null, endUserId: null, defer: g.defer });
    expect(failed).toEqual({
      refused: {
        status: 502,
        message: "The model endpoint answered 503: overloaded",
        type: "server_error",
        code: "upstream_error",
      },
    });
    await g.settled();
    expect(g.recorded).toEqual([]);
  });
});
