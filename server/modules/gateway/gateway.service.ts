// The gateway's plan and record: which version answers (production), which ones see a mirrored copy (shadows), the
// upstream call with its timeout, the SSE rewrite that gives the answer the interaction's id, and the recording of
// every answer after the response. Transport (keys in headers, body limits, HTTP responses) is server/http's.
import { randomUUID } from "node:crypto";
import { groupCommit } from "../../db/group-commit";
import { lastUserText } from "../../llm/messages";
import { completionText, type ChatCall, type ChatTarget } from "../../llm/openai-compatible";
import { findUnstorableText, toStorableText, UNSTORABLE_TEXT } from "../../text-guard";
import { chatMessages, type ChatMessages } from "../ingest/ingest.schema";
import type { DeploymentsService } from "../deployments/deployments.service";
import type { ShadowService } from "../shadow/shadow.service";
import type { WakeSignals } from "../signals/signal-wake";
import type { GatewayRepo, RecordedInteraction } from "./gateway.repo";
import { createSseRewriter } from "./sse";

/** Runs work after the response has been handed over; nothing it does delays the app. */
export type Defer = (task: () => Promise<void>) => void;

/** An answer the gateway gives instead of the model's, in the shape of an OpenAI error. */
export interface GatewayRefusal {
  status: number;
  message: string;
  type: "invalid_request_error" | "server_error";
  code: string | null;
}

export interface CompletionRequest {
  projectId: string;
  /** The OpenAI chat-completions body as the app sent it. */
  body: Record<string, unknown>;
  sessionId: string | null;
  endUserId: string | null;
  defer: Defer;
}

export type Completion =
  | { refused: GatewayRefusal }
  | { id: string; json: Record<string, unknown> }
  | { id: string; events: ReadableStream<Uint8Array> };

const isAbort = (error: unknown) =>
  error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError");

const refusal = (status: number, message: string, code: string | null = null): { refused: GatewayRefusal } => ({
  refused: { status, message, type: status >= 500 ? "server_error" : "invalid_request_error", code },
});

type Usage = { prompt_tokens?: number; completion_tokens?: number };
type RequestBase = Pick<RecordedInteraction, "projectId" | "sessionId" | "endUserId" | "input" | "queryText">;

const intColumn = (n: number | null) => (n !== null && Number.isInteger(n) && n >= 0 && n <= 2_147_483_647 ? n : null);

export function createGatewayService({
  repo,
  wakeSignals,
  deployments,
  shadow,
  chat,
  random = Math.random,
}: {
  repo: GatewayRepo;
  wakeSignals: WakeSignals;
  deployments: Pick<DeploymentsService, "gatewayTargets" | "list">;
  shadow: Pick<ShadowService, "mirrorPlan">;
  /** One upstream chat call, its raw HTTP answer passed through (llm/openai-compatible.ts's callChat). */
  chat: ChatCall;
  random?: () => number;
}) {
  // Answers recorded in the same moment share one INSERT: under load the gateway's database cost per request
  // falls to a fraction of a round trip (measured by `npm run bench:gateway`).
  const recorder = groupCommit<RecordedInteraction>((rows) => repo.recordMany(rows), { maxBatch: 500, maxInFlight: 2 });

  /** Resolves once the interaction is committed (and the signal worker is woken for it). */
  async function record(r: RecordedInteraction) {
    // What the model answered is kept even when PostgreSQL cannot store a character of it; token counts an
    // upstream reports beyond an int column are dropped rather than failing the row.
    await recorder.add({
      ...r,
      output: r.output === null ? null : toStorableText(r.output),
      promptTokens: intColumn(r.promptTokens),
      completionTokens: intColumn(r.completionTokens),
    });
    await wakeSignals(r.projectId);
  }

  /** `sessionIdleSeconds` comes from the settings the request already read. */
  function recordProduction(r: RecordedInteraction, sessionIdleSeconds: number, defer: Defer) {
    defer(async () => {
      try {
        let sessionId = r.sessionId;
        if (!sessionId && r.endUserId) {
          // Without a session header, a session is the user's requests separated by less than the idle timeout.
          sessionId =
            (await repo.recentSession(
              r.projectId,
              r.endUserId,
              new Date(r.startedAt.getTime() - sessionIdleSeconds * 1000),
            )) ?? `auto-${r.id}`;
        }
        await record({ ...r, sessionId });
      } catch (error) {
        console.error("[gateway] could not record an interaction:", error instanceof Error ? error.message : error);
      }
    });
  }

  /** Sends a copy of the request to the shadows whose plan takes it; their answers are recorded, never returned. */
  function mirror(
    productionId: string,
    body: Record<string, unknown>,
    base: RequestBase,
    shadows: Array<ChatTarget & { mirrorFraction: number }>,
    defaultTimeoutSeconds: number,
    defer: Defer,
  ) {
    if (shadows.length === 0) return;
    defer(async () => {
      let plan: Array<{ modelVersionId: string; inSlice: boolean | null }>;
      try {
        plan = await shadow.mirrorPlan(base.projectId, base.queryText, shadows, random);
      } catch (e) {
        console.error("[gateway] could not plan mirroring:", e instanceof Error ? e.message : e);
        return;
      }
      await Promise.all(
        plan.map(async ({ modelVersionId, inSlice }) => {
          const target = shadows.find((s) => s.modelVersionId === modelVersionId)!;
          const startedAt = new Date();
          const t0 = performance.now();
          let output: string | null = null;
          let error: string | null = null;
          let usage: Usage | undefined;
          try {
            const timeoutMs = (target.timeoutSeconds ?? defaultTimeoutSeconds) * 1000;
            const res = await chat(target, { ...body, stream: false }, AbortSignal.timeout(timeoutMs));
            const json = (await res.json().catch(() => null)) as { usage?: Usage } | null;
            if (res.ok) {
              output = completionText(json);
              usage = json?.usage;
            } else error = `HTTP ${res.status}`;
          } catch (e) {
            error = isAbort(e) ? "timeout" : "unreachable";
          }
          try {
            await record({
              ...base,
              id: `ix_${randomUUID().replaceAll("-", "")}`,
              role: "shadow",
              shadowOfId: productionId,
              modelVersionId: target.modelVersionId,
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
    /** The versions an app may name: production and shadows (the gateway ignores `model`; this is for clients). */
    async servedModels(projectId: string) {
      const versions = await deployments.list(projectId);
      return versions.filter((v) => v.status === "production" || v.status === "shadow");
    },

    /**
     * Forwards a chat completion to the version that serves production; its answer keeps its shape (its id becomes
     * the interaction id), is recorded after the response, and a sample of requests is mirrored to the shadows. A
     * stream the app stops reading (`cancel`) stops the upstream and is recorded as a truncated answer.
     */
    async complete({ projectId, body, sessionId, endUserId, defer }: CompletionRequest): Promise<Completion> {
      // The ingest API's guard: a message the interaction could not store is refused before any upstream call.
      const parsed = chatMessages.safeParse(body.messages);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        return refusal(400, `${["messages", ...issue.path].join(".")}: ${issue.message}`, "invalid_messages");
      }
      // Fields the schema does not name (tool calls, ids) are recorded as sent, so they must be storable too.
      const unstorable = findUnstorableText(body.messages, "messages");
      if (unstorable) return refusal(400, `${unstorable} ${UNSTORABLE_TEXT}`, "invalid_messages");
      const { production: target, shadows, settings } = await deployments.gatewayTargets(projectId);
      if (!target) {
        return refusal(
          503,
          "No model version serves production in this project yet: add one under Deployments",
          "no_production_model",
        );
      }

      const id = `ix_${randomUUID().replaceAll("-", "")}`;
      const stream = body.stream === true;
      const messages = body.messages as ChatMessages;
      const base: RequestBase = { projectId, sessionId, endUserId, input: messages, queryText: lastUserText(messages) };
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
        upstream = await chat(target, upstreamBody, controller.signal);
      } catch (error) {
        clearTimeout(timer);
        return isAbort(error)
          ? refusal(504, `The model did not answer within ${timeoutMs / 1000} s`, "upstream_timeout")
          : refusal(502, "The model endpoint could not be reached", "upstream_unreachable");
      }
      if (!upstream.ok) {
        clearTimeout(timer);
        const detail = (await upstream.json().catch(() => null)) as { error?: { message?: string } } | null;
        return refusal(
          upstream.status >= 500 ? 502 : upstream.status,
          `The model endpoint answered ${upstream.status}: ${detail?.error?.message ?? upstream.statusText}`,
          "upstream_error",
        );
      }
      mirror(id, body, base, shadows, settings.gateway.shadowTimeoutSeconds, defer);

      const finish = (output: string | null, usage: Usage | undefined, aborted: boolean) =>
        recordProduction(
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
            promptTokens: usage?.prompt_tokens ?? null,
            completionTokens: usage?.completion_tokens ?? null,
            aborted,
            metadata: { stream },
          },
          settings.signals.abandonmentIdleSeconds,
          defer,
        );

      if (!stream) {
        // The timeout covers the body too: an upstream that sends its headers and then stalls is cut off.
        let json: Record<string, unknown> & { usage?: Usage };
        try {
          json = (await upstream.json()) as Record<string, unknown> & { usage?: Usage };
        } catch (error) {
          controller.abort(); // closes the upstream socket
          return isAbort(error)
            ? refusal(504, `The model did not answer within ${timeoutMs / 1000} s`, "upstream_timeout")
            : refusal(502, "The model endpoint answered with something that is not JSON", "upstream_error");
        } finally {
          clearTimeout(timer);
        }
        json.id = id;
        finish(completionText(json), json.usage, false);
        return { id, json };
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
        const { text, promptTokens, completionTokens } = sse.summary;
        finish(
          text,
          { prompt_tokens: promptTokens ?? undefined, completion_tokens: completionTokens ?? undefined },
          aborted,
        );
      };
      const events = new ReadableStream<Uint8Array>({
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
            // The app gets an OpenAI-style error event before the stream closes, not an empty reply.
            controller.abort();
            const message = isAbort(error)
              ? `The model stopped answering for ${timeoutMs / 1000} s`
              : "The model endpoint's stream broke off";
            const code = isAbort(error) ? "upstream_timeout" : "upstream_error";
            out.enqueue(
              encoder.encode(
                `data: ${JSON.stringify({ error: { message, type: "api_error", param: null, code } })}\n\n`,
              ),
            );
            out.close();
            end(true);
          }
        },
        cancel() {
          // The app hung up before the end: stop the upstream and record a truncated answer.
          controller.abort();
          end(true);
        },
      });
      return { id, events };
    },
  };
}
