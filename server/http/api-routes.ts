// The public REST API's one route table: `server/web/server.ts` answers /api/v1/* from it, outside Next (a route
// through Next's handler costs ~10 ms here, more than the gateway's whole budget).
import { env } from "../env";
import { services } from "../services";
import { createGatewayHandler, type GatewayHandler } from "./gateway-handler";
import { createIngestHandler, type IngestHandler } from "./ingest-handler";
import { jsonError } from "./responses";

type Method = "GET" | "POST" | "OPTIONS";
type Route = (req: Request) => Response | Promise<Response>;

// Outside Next there is no after(): recording runs as a background task once the handler has returned.
const background = (task: () => Promise<void>) => {
  setImmediate(() => void task().catch((error: unknown) => console.error("[api] background task failed:", error)));
};

const handlers = globalThis as unknown as { tightloopGateway?: GatewayHandler; tightloopIngest?: IngestHandler };

function gateway(): GatewayHandler {
  if (!handlers.tightloopGateway) {
    // This process serves the gateway: keep the production routes in memory, dropped on every committed change.
    void services().deployments.cacheGatewayTargets();
    handlers.tightloopGateway = createGatewayHandler({
      services: services(),
      maxBodyBytes: env().TIGHTLOOP_INGEST_MAX_BYTES,
      requestsPerMinute: env().TIGHTLOOP_GATEWAY_RATE_LIMIT,
      defer: background,
    });
  }
  return handlers.tightloopGateway;
}

function ingest(): IngestHandler {
  handlers.tightloopIngest ??= createIngestHandler({
    services: services(),
    limits: {
      maxEvents: env().TIGHTLOOP_INGEST_MAX_EVENTS,
      maxBytes: env().TIGHTLOOP_INGEST_MAX_BYTES,
      requestsPerMinute: env().TIGHTLOOP_INGEST_RATE_LIMIT,
    },
  });
  return handlers.tightloopIngest;
}

export const apiRoutes: Record<string, Partial<Record<Method, Route>>> = {
  "/api/v1/chat/completions": { POST: (req) => gateway().chatCompletions(req) },
  "/api/v1/models": { GET: (req) => gateway().models(req) },
  "/api/v1/ingest": { POST: (req) => ingest().post(req), OPTIONS: (req) => ingest().preflight(req) },
};

/** Answers a request under /api/v1/: its route, or a JSON 404 / 405 (with Allow) for what the table lacks. */
export async function handleApi(path: string, req: Request): Promise<Response> {
  const route = apiRoutes[path];
  if (!route) return jsonError(404, "NOT_FOUND", `No API endpoint at ${path}`);
  const handler = route[req.method as Method];
  if (!handler) {
    const allow = Object.keys(route).join(", ");
    return jsonError(405, "METHOD_NOT_ALLOWED", `${path} accepts ${allow}`, { allow });
  }
  return handler(req);
}
