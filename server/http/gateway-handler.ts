import { randomUUID } from "node:crypto";
import { lastUserText } from "../llm/messages";
import { callChat, completionText, type ChatTarget } from "../llm/openai-compatible";
import type { ApiKeyPrincipal } from "../modules/api-keys/api-keys.service";
import type { RecordedInteraction } from "../modules/gateway/gateway.repo";
import { createSseRewriter } from "../modules/gateway/sse";
import type { InteractionEvent } from "../modules/ingest/ingest.schema";
import type { Services } from "../services";

export interface GatewayDeps {
  services: Services;
  /** Runs work after the response has been handed over (Next's after()); nothing here delays the app. */
  defer: (task: () => Promise<void>) => void;
  maxBodyBytes: number;
  random?: () => number;
}

/** OpenAI-style error body, so the official clients raise their usual errors. */
function openAIError(
  status: number,
  message: string,
  type = "invalid_request_error",
  code: string | null = null,
  headers: HeadersInit = {},
) {
  return Response.json({ error: { message, type, param: null, code } }, { status, headers });
}

const isAbort = (error: unknown) =>
  error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError");

/**
 * OpenAI-compatible gateway: POST /api/v1/chat/completions forwards to the version that serves production, streams
 * the answer back unchanged in shape (its id becomes the interaction id, also in X-Tightloop-Interaction-Id), records
 * the interaction after the response, and mirrors a sample of requests to shadow versions, whose answers are
 * recorded and never returned. A client that hangs up mid-stream is recorded as a truncated answer.
 */
export function createGatewayHandler({ services, defer, maxBodyBytes, random = Math.random }: GatewayDeps) {
  async function authenticate(req: Request): Promise<ApiKeyPrincipal | Response> {
    const header = req.headers.get("authorization");
    const key = header ? /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] : undefined;
    if (!key)
      return openAIError(
        401,
        "Missing API key: send Authorization: Bearer <project API key>",
        "invalid_request_error",
        "invalid_api_key",
      );
    const principal = await services.apiKeys.authenticate(key);
    if (!principal) return openAIError(401, "Invalid or revoked API key", "invalid_request_error", "invalid_api_key");
    if (!principal.scopes.includes("ingest"))
      return openAIError(
        403,
        "This key may only send feedback; the gateway needs an ingest key",
        "invalid_request_error",
        "insufficient_scope",
      );
    return principal;
  }

  /** `sessionIdleSeconds` comes from the settings the request already read. */
  function record(r: RecordedInteraction, sessionIdleSeconds: number) {
    defer(async () => {
      try {
        let sessionId = r.sessionId;
        if (!sessionId && r.endUserId && r.role === "production") {
          // Without a session header, a session is the user's requests separated by less than the idle timeout.
          sessionId =
            (await services.gateway.recentSession(
              r.projectId,
              r.endUserId,
              new Date(r.startedAt.getTime() - sessionIdleSeconds * 1000),
            )) ?? `auto-${r.id}`;
        }
        await services.gateway.record({ ...r, sessionId });
      } catch (error) {
        console.error("[gateway] could not record an interaction:", error instanceof Error ? error.message : error);
      }
    });
  }

  function mirror(
    projectId: string,
    productionId: string,
    body: Record<string, unknown>,
    base: Omit<
      RecordedInteraction,
      | "id"
      | "role"
      | "shadowOfId"
      | "modelVersionId"
      | "output"
      | "latencyMs"
      | "endedAt"
      | "aborted"
      | "promptTokens"
      | "completionTokens"
      | "startedAt"
      | "metadata"
    >,
    shadows: Array<ChatTarget & { mirrorFraction: number }>,
    defaultTimeoutSeconds: number,
  ) {
    if (shadows.length === 0) return;
    defer(async () => {
      let plan: Array<{ modelVersionId: string; inSlice: boolean | null }>;
      try {
        plan = await services.shadow.mirrorPlan(projectId, base.queryText, shadows, random);
      } catch (e) {
        console.error("[gateway] could not plan mirroring:", e instanceof Error ? e.message : e);
        return;
      }
      await Promise.all(
        plan.map(async ({ modelVersionId, inSlice }) => {
          const shadow = shadows.find((s) => s.modelVersionId === modelVersionId)!;
          const startedAt = new Date();
          const t0 = performance.now();
          let output: string | null = null;
          let error: string | null = null;
          let usage: { prompt_tokens?: number; completion_tokens?: number } | undefined;
          try {
            const timeoutMs = (shadow.timeoutSeconds ?? defaultTimeoutSeconds) * 1000;
            const res = await callChat(shadow, { ...body, stream: false }, AbortSignal.timeout(timeoutMs));
            const json = (await res.json().catch(() => null)) as { usage?: typeof usage } | null;
            if (res.ok) {
              output = completionText(json);
              usage = json?.usage;
            } else error = `HTTP ${res.status}`;
          } catch (e) {
            error = isAbort(e) ? "timeout" : "unreachable";
          }
          try {
            await services.gateway.record({
              ...base,
              id: `ix_${randomUUID().replaceAll("-", "")}`,
              projectId,
              role: "shadow",
              shadowOfId: productionId,
              modelVersionId: shadow.modelVersionId,
              output,
              startedAt,
              endedAt: new Date(),
              latencyMs: Math.round(performance.now() - t0),
              promptTokens: usage?.prompt_tokens ?? null,
              completionTokens: usage?.completion_tokens ?? null,
              aborted: false,
              metadata: { ...(error ? { shadowError: error } : {}), ...(inSlice === null ? {} : { slice: inSlice }) },
            });
          } catch (e) {
            console.error("[gateway] could not record a shadow answer:", e instanceof Error ? e.message : e);
          }
        }),
      );
    });
  }

  return {
    async models(req: Request): Promise<Response> {
      const principal = await authenticate(req);
      if (principal instanceof Response) return principal;
      const versions = await services.models.list(principal.projectId);
      return Response.json({
        object: "list",
        data: versions
          .filter((v) => v.status === "production" || v.status === "shadow")
          .map((v) => ({
            id: v.name,
            object: "model",
            created: Math.floor(v.createdAt.getTime() / 1000),
            owned_by: "tightloop",
          })),
      });
    },

    async chatCompletions(req: Request): Promise<Response> {
      const principal = await authenticate(req);
      if (principal instanceof Response) return principal;
      const projectId = principal.projectId;

      const declared = Number(req.headers.get("content-length") ?? "0");
      if (declared > maxBodyBytes) return openAIError(413, `The request is larger than ${maxBodyBytes} bytes`);
      let body: Record<string, unknown>;
      try {
        const text = await req.text();
        if (text.length > maxBodyBytes) return openAIError(413, `The request is larger than ${maxBodyBytes} bytes`);
        body = JSON.parse(text) as Record<string, unknown>;
      } catch {
        return openAIError(400, "The body is not valid JSON");
      }
      if (!body || typeof body !== "object" || !Array.isArray(body.messages) || body.messages.length === 0) {
        return openAIError(400, "messages must be a non-empty array", "invalid_request_error", "invalid_messages");
      }

      const { production: target, shadows, settings } = await services.models.gatewayTargets(projectId);
      if (!target)
        return openAIError(
          503,
          "No model version serves production in this project yet: add one under Deployments",
          "server_error",
          "no_production_model",
        );

      const id = `ix_${randomUUID().replaceAll("-", "")}`;
      const stream = body.stream === true;
      const messages = body.messages as InteractionEvent["input"];
      const base = {
        projectId,
        sessionId: req.headers.get("x-tightloop-session")?.slice(0, 200) || null,
        endUserId:
          req.headers.get("x-tightloop-user")?.slice(0, 200) ||
          (typeof body.user === "string" ? body.user.slice(0, 200) : null),
        input: messages,
        queryText: lastUserText(messages),
      };
      const startedAt = new Date();
      const t0 = performance.now();
      const timeoutMs = (target.timeoutSeconds ?? settings.gateway.upstreamTimeoutSeconds) * 1000;
      const controller = new AbortController();
      let timer = setTimeout(() => controller.abort(), timeoutMs);
      const upstreamBody = stream
        ? { ...body, stream_options: { ...((body.stream_options as object) ?? {}), include_usage: true } }
        : body;

      let upstream: Response;
      try {
        upstream = await callChat(target, upstreamBody, controller.signal);
      } catch (error) {
        clearTimeout(timer);
        return isAbort(error)
          ? openAIError(
              504,
              `The model did not answer within ${timeoutMs / 1000} s`,
              "server_error",
              "upstream_timeout",
            )
          : openAIError(502, "The model endpoint could not be reached", "server_error", "upstream_unreachable");
      }
      if (!upstream.ok) {
        clearTimeout(timer);
        const detail = (await upstream.json().catch(() => null)) as { error?: { message?: string } } | null;
        const status = upstream.status >= 500 ? 502 : upstream.status;
        return openAIError(
          status,
          `The model endpoint answered ${upstream.status}: ${detail?.error?.message ?? upstream.statusText}`,
          status >= 500 ? "server_error" : "invalid_request_error",
          "upstream_error",
        );
      }
      const headers = { "x-tightloop-interaction-id": id };
      mirror(projectId, id, body, base, shadows, settings.gateway.shadowTimeoutSeconds);

      const finish = (
        output: string | null,
        promptTokens: number | null,
        completionTokens: number | null,
        aborted: boolean,
      ) =>
        record(
          {
            ...base,
            id,
            role: "production",
            shadowOfId: null,
            modelVersionId: target.modelVersionId,
            output,
            startedAt,
            endedAt: new Date(),
            latencyMs: Math.round(performance.now() - t0),
            promptTokens,
            completionTokens,
            aborted,
            metadata: { stream },
          },
          settings.signals.abandonmentIdleSeconds,
        );

      if (!stream) {
        clearTimeout(timer);
        const json = (await upstream.json()) as Record<string, unknown> & {
          usage?: { prompt_tokens?: number; completion_tokens?: number };
        };
        json.id = id;
        finish(completionText(json), json.usage?.prompt_tokens ?? null, json.usage?.completion_tokens ?? null, false);
        return Response.json(json, { headers });
      }

      const reader = upstream.body!.getReader();
      const decoder = new TextDecoder();
      const encoder = new TextEncoder();
      const sse = createSseRewriter(id);
      let done = false;
      const end = (aborted: boolean) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        finish(sse.summary.text, sse.summary.promptTokens, sse.summary.completionTokens, aborted);
      };
      return new Response(
        new ReadableStream<Uint8Array>({
          async pull(out) {
            try {
              const { done: upstreamDone, value } = await reader.read();
              clearTimeout(timer);
              timer = setTimeout(() => controller.abort(), timeoutMs); // the timeout is per chunk while streaming
              if (upstreamDone) {
                const rest = sse.flush() + decoder.decode();
                if (rest) out.enqueue(encoder.encode(rest));
                out.close();
                end(false);
                return;
              }
              const text = sse.push(decoder.decode(value, { stream: true }));
              if (text) out.enqueue(encoder.encode(text));
            } catch (error) {
              end(true);
              out.error(error);
            }
          },
          cancel() {
            // The app hung up before the end: stop the upstream and record a truncated answer.
            controller.abort();
            end(true);
          },
        }),
        {
          headers: {
            ...headers,
            "content-type": "text/event-stream; charset=utf-8",
            "cache-control": "no-cache",
            connection: "keep-alive",
          },
        },
      );
    },
  };
}
export type GatewayHandler = ReturnType<typeof createGatewayHandler>;
