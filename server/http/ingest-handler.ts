import type { ApiKeyPrincipal } from "../modules/api-keys/api-keys.service";
import type { Services } from "../services";
import { jsonError } from "./responses";

export interface IngestLimits {
  maxEvents: number;
  maxBytes: number;
  requestsPerMinute: number;
}

export interface IngestHandlerDeps {
  services: Services;
  limits: IngestLimits;
}

const RATE_WINDOW_SECONDS = 60; // the limit is "requests per minute"

function corsHeaders(origin: string | null): Record<string, string> {
  return origin ? { "access-control-allow-origin": origin, vary: "Origin" } : {};
}

/** Reads at most maxBytes of the body; null when it is larger. */
async function readBody(req: Request, maxBytes: number): Promise<Uint8Array | null> {
  if (!req.body) return new Uint8Array();
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    body.set(c, offset);
    offset += c.byteLength;
  }
  return body;
}

/**
 * POST /api/v1/ingest. Authentication: `Authorization: Bearer <key>`, or `?key=` for feedback-only keys (sendBeacon
 * cannot set headers) with a text/plain JSON body. Browser origins are checked against the key's allowed origins.
 */
export function createIngestHandler({ services, limits }: IngestHandlerDeps) {
  async function authenticate(
    req: Request,
    url: URL,
  ): Promise<{ principal: ApiKeyPrincipal; viaQuery: boolean } | Response> {
    const header = req.headers.get("authorization");
    const bearer = header ? /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] : undefined;
    const queryKey = url.searchParams.get("key");
    const presented = bearer ?? queryKey;
    if (!presented) return jsonError(401, "UNAUTHORIZED", "Missing API key: send Authorization: Bearer <key>");
    const principal = await services.apiKeys.authenticate(presented);
    if (!principal) return jsonError(401, "UNAUTHORIZED", "Invalid or revoked API key");
    const viaQuery = !bearer;
    // Keys in URLs end up in access logs; only browser-safe keys may travel that way.
    if (viaQuery && !principal.scopes.includes("feedback_only")) {
      return jsonError(
        401,
        "UNAUTHORIZED",
        "Only feedback-only keys may be passed as ?key=; use the Authorization header",
      );
    }
    return { principal, viaQuery };
  }

  return {
    preflight(req: Request): Response {
      const origin = req.headers.get("origin");
      return new Response(null, {
        status: 204,
        headers: {
          ...corsHeaders(origin),
          "access-control-allow-methods": "POST, OPTIONS",
          "access-control-allow-headers": "authorization, content-type",
          "access-control-max-age": "600",
        },
      });
    },

    async post(req: Request): Promise<Response> {
      const url = new URL(req.url);
      const origin = req.headers.get("origin");
      const auth = await authenticate(req, url);
      if (auth instanceof Response) return auth;
      const { principal, viaQuery } = auth;

      const isBrowserKey = principal.scopes.includes("feedback_only") && !principal.scopes.includes("ingest");
      if (origin && isBrowserKey && !principal.allowedOrigins.includes(origin)) {
        return jsonError(403, "FORBIDDEN", `Origin ${origin} is not allowed for this key (Settings → API keys)`);
      }
      const cors = isBrowserKey ? corsHeaders(origin) : {};

      const rate = await services.rateLimit.hit(
        `ingest:${principal.apiKeyId}`,
        limits.requestsPerMinute,
        RATE_WINDOW_SECONDS,
      );
      if (!rate.allowed) {
        return jsonError(
          429,
          "TOO_MANY_REQUESTS",
          `Rate limit of ${limits.requestsPerMinute} requests per minute exceeded`,
          {
            ...cors,
            "retry-after": String(rate.retryAfterSeconds),
          },
        );
      }

      const contentType = (req.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
      if (contentType !== "application/json" && !(viaQuery && contentType === "text/plain")) {
        return jsonError(
          415,
          "UNSUPPORTED_MEDIA_TYPE",
          "Send the batch as application/json (text/plain only with ?key= from sendBeacon)",
          cors,
        );
      }
      const declared = Number(req.headers.get("content-length") ?? "0");
      if (declared > limits.maxBytes)
        return jsonError(413, "PAYLOAD_TOO_LARGE", `The body is larger than ${limits.maxBytes} bytes`, cors);
      const bytes = await readBody(req, limits.maxBytes);
      if (!bytes) return jsonError(413, "PAYLOAD_TOO_LARGE", `The body is larger than ${limits.maxBytes} bytes`, cors);

      let body: unknown;
      try {
        body = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
      } catch (error) {
        const what = error instanceof TypeError ? "valid UTF-8" : "valid JSON";
        return jsonError(400, "BAD_REQUEST", `The body is not ${what}`, cors);
      }
      const batch =
        body && typeof body === "object" && !Array.isArray(body) ? (body as { batch?: unknown }).batch : undefined;
      if (!Array.isArray(batch)) return jsonError(400, "BAD_REQUEST", 'The body must be { "batch": [event, …] }', cors);
      if (batch.length === 0) return jsonError(400, "BAD_REQUEST", "The batch is empty", cors);
      if (batch.length > limits.maxEvents) {
        return jsonError(
          413,
          "PAYLOAD_TOO_LARGE",
          `A batch holds at most ${limits.maxEvents} events; this one has ${batch.length}`,
          cors,
        );
      }

      const result = await services.ingest.ingest(principal, batch);
      return Response.json(
        {
          accepted: result.accepted,
          duplicates: result.duplicates,
          rejected: result.rejected,
          results: result.results,
        },
        { status: result.rejected > 0 ? 207 : 200, headers: cors },
      );
    },
  };
}
export type IngestHandler = ReturnType<typeof createIngestHandler>;
