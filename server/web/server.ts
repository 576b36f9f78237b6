// The web process: Next.js for the app, with the public REST API (/api/v1/*) served straight from node:http.
// Measured: any route through Next's handler costs ~10 ms here, which the gateway (target: ≤ 5 ms added) and the
// ingest API cannot afford. Their one route table is server/http/api-routes.ts.
import { createServer } from "node:http";
import next from "next";
import { env } from "../env";
import { checkEnvOrExit } from "../env-check";
import { handleApi } from "../http/api-routes";
import { addressList } from "../net/addresses";
import { stopWithParent } from "../parent-watch";
import { webRequestHandler } from "./request-handler";

checkEnvOrExit();
const dev = process.argv.includes("--dev");
const port = env().PORT;
const app = next({ dev, port });
await app.prepare();
const handleWithNext = app.getRequestHandler();

const server = createServer(
  webRequestHandler({
    handleWithNext,
    handleApi,
    maxAppBodyBytes: env().TIGHTLOOP_APP_MAX_BODY_BYTES,
    trustedProxies: addressList(env().TIGHTLOOP_TRUSTED_PROXIES),
  }),
);
server.listen(port, () => console.log(`[web] listening on http://localhost:${port}${dev ? " (dev)" : ""}`));

const shutdown = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 10_000).unref();
};
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
stopWithParent(shutdown);
