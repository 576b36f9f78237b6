import type { ApiKeyPrincipal } from "../modules/api-keys/api-keys.service";
import type { Defer } from "../modules/gateway/gateway.service";
import type { Services } from "../services";

export interface GatewayDeps {
  services: Services;
  /** Runs work after the response has been handed over (Next's after(), or a background task). */
  defer: Defer;
  maxBodyBytes: number;
  /** Chat completions per minute per API key (like the ingest API's limit). */
  requestsPerMinute: number;
}

/** OpenAI-style error body, so the official clients raise their usual errors. */
function openAIError(status: number, message: string, type = "invalid_request_error", code: string | null = null) {
  return Response.json({ error: { message, type, param: null, code } }, { status });
}

/**
 * The gateway's HTTP side: POST /api/v1/chat/completions and GET /api/v1/models with a project's ingest key as the
 * bearer token. What answers and what is recorded is the gateway service's (modules/gateway); this reads the key,
 * the body and the Tightloop headers, and writes the answer in OpenAI's shapes (the interaction id also in
 * X-Tightloop-Interaction-Id).
 */
export function createGatewayHandler({ services, defer, maxBodyBytes, requestsPerMinute }: GatewayDeps) {
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

  return {
    async models(req: Request): Promise<Response> {
      const principal = await authenticate(req);
      if (principal instanceof Response) return principal;
      const versions = await services.gateway.servedModels(principal.projectId);
      return Response.json({
        object: "list",
        data: versions.map((v) => ({
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
      const rate = await services.rateLimit.hit(`gateway:${principal.apiKeyId}`, requestsPerMinute, 60);
      if (!rate.allowed) {
        const limited = openAIError(
          429,
          `Rate limit of ${requestsPerMinute} requests per minute exceeded`,
          "rate_limit_error",
          "rate_limit_exceeded",
        );
        limited.headers.set("retry-after", String(rate.retryAfterSeconds));
        return limited;
      }

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
      if (!body || typeof body !== "object" || Array.isArray(body)) {
        return openAIError(400, "messages must be a non-empty array", "invalid_request_error", "invalid_messages");
      }

      const answer = await services.gateway.complete({
        projectId: principal.projectId,
        body,
        sessionId: req.headers.get("x-tightloop-session")?.slice(0, 200) || null,
        endUserId:
          req.headers.get("x-tightloop-user")?.slice(0, 200) ||
          (typeof body.user === "string" ? body.user.slice(0, 200) : null),
        defer,
      });
      if ("refused" in answer) {
        const { status, message, type, code } = answer.refused;
        return openAIError(status, message, type, code);
      }
      const headers = { "x-tightloop-interaction-id": answer.id };
      if ("json" in answer) return Response.json(answer.json, { headers });
      return new Response(answer.events, {
        headers: {
          ...headers,
          "content-type": "text/event-stream; charset=utf-8",
          "cache-control": "no-cache",
          connection: "keep-alive",
        },
      });
    },
  };
}
export type GatewayHandler = ReturnType<typeof createGatewayHandler>;
