// The web process: Next.js for the app, with the public REST API (/api/v1/*) served straight from node:http.
// Measured: any route through Next's handler costs ~10 ms here, which the gateway (target: ≤ 5 ms added) and the
// ingest API cannot afford. The handlers are the same framework-free functions the app/api/v1 route files call.
import { createServer } from "node:http";
import next from "next";
import { env } from "../env";
import { checkEnvOrExit } from "../env-check";
import { gatewayHandler } from "../http/gateway-route";
import { ingestHandler } from "../http/ingest-route";
import { sendWebResponse, toWebRequest } from "../http/node-adapter";
import { jsonError } from "../http/responses";

checkEnvOrExit();
const dev = process.argv.includes("--dev");
const port = env().PORT;
const app = next({ dev, port });
await app.prepare();
const handleWithNext = app.getRequestHandler();

// Outside Next there is no after(): recording runs as a background task once the handler has returned.
const background = (task: () => Promise<void>) => {
  setImmediate(() => void task().catch((error: unknown) => console.error("[api] background task failed:", error)));
};

async function handleApi(path: string, req: Request): Promise<Response | null> {
  if (path === "/api/v1/ingest") {
    if (req.method === "POST") return ingestHandler().post(req);
    if (req.method === "OPTIONS") return ingestHandler().preflight(req);
  } else if (path === "/api/v1/chat/completions" && req.method === "POST") {
    return gatewayHandler(background).chatCompletions(req);
  } else if (path === "/api/v1/models" && req.method === "GET") {
    return gatewayHandler(background).models(req);
  }
  return null;
}

const server = createServer(async (req, res) => {
  const path = (req.url ?? "/").split("?")[0]!;
  if (!path.startsWith("/api/v1/")) return handleWithNext(req, res);
  try {
    const response = await handleApi(path, toWebRequest(req, `http://${req.headers.host ?? "localhost"}`));
    if (!response) return handleWithNext(req, res);
    await sendWebResponse(response, res);
  } catch (error) {
    console.error(`[api] ${req.method} ${path} failed:`, error);
    if (!res.headersSent) await sendWebResponse(jsonError(500, "INTERNAL", "Internal error"), res);
    else res.destroy();
  }
});
server.listen(port, () => console.log(`[web] listening on http://localhost:${port}${dev ? " (dev)" : ""}`));

const shutdown = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 10_000).unref();
};
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
