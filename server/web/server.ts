// The web process: Next.js for the app, with the public REST API (/api/v1/*) served straight from node:http.
// Measured: any route through Next's handler costs ~10 ms here, which the gateway (target: ≤ 5 ms added) and the
// ingest API cannot afford. Their one route table is server/http/api-routes.ts.
import { createServer } from "node:http";
import next from "next";
import { env } from "../env";
import { checkEnvOrExit } from "../env-check";
import { handleApi } from "../http/api-routes";
import { appBodyRefusal } from "../http/body-limit";
import { stampClientAddress } from "../http/client-address";
import { API_CSP, FIXED_SECURITY_HEADERS } from "../http/security-headers";
import { sendWebResponse, toWebRequest } from "../http/node-adapter";
import { jsonError } from "../http/responses";
import { stopWithParent } from "../parent-watch";

checkEnvOrExit();
const dev = process.argv.includes("--dev");
const port = env().PORT;
const app = next({ dev, port });
await app.prepare();
const handleWithNext = app.getRequestHandler();

const server = createServer(async (req, res) => {
  stampClientAddress(req);
  const path = (req.url ?? "/").split("?")[0]!;
  if (!path.startsWith("/api/v1/")) {
    // tRPC reads a whole body into memory: one unbounded request could take the process down.
    const refused = appBodyRefusal(req.method, req.headers, env().TIGHTLOOP_APP_MAX_BODY_BYTES);
    if (refused) {
      res.setHeader("connection", "close");
      return void sendWebResponse(jsonError(refused.status, "BODY", refused.message), res);
    }
    return handleWithNext(req, res);
  }
  for (const [name, value] of Object.entries(FIXED_SECURITY_HEADERS)) res.setHeader(name, value);
  res.setHeader("Content-Security-Policy", API_CSP);
  try {
    await sendWebResponse(await handleApi(path, toWebRequest(req, `http://${req.headers.host ?? "localhost"}`)), res);
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
stopWithParent(shutdown);
