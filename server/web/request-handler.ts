import type { IncomingMessage, ServerResponse } from "node:http";
import { appBodyRefusal } from "../http/body-limit";
import { stampClientAddress } from "../http/client-address";
import { sendWebResponse, toWebRequest } from "../http/node-adapter";
import { jsonError } from "../http/responses";
import { API_CSP, FIXED_SECURITY_HEADERS } from "../http/security-headers";
import type { AddressList } from "../net/addresses";

export interface WebRequestDeps {
  /** Next.js's handler, for everything but the public API. */
  handleWithNext: (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;
  /** The public API's route table (server/http/api-routes.ts). */
  handleApi: (path: string, req: Request) => Promise<Response>;
  /** Largest body of a request to the app's own routes (tRPC reads whole bodies into memory). */
  maxAppBodyBytes: number;
  trustedProxies: AddressList;
}

/**
 * The web process's one request handler: stamps the client's address, answers /api/v1/* from the route table with
 * the API's security headers, and hands the rest to Next once its body is known to be within bounds.
 */
export function webRequestHandler({ handleWithNext, handleApi, maxAppBodyBytes, trustedProxies }: WebRequestDeps) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    stampClientAddress(req, trustedProxies);
    const path = (req.url ?? "/").split("?")[0]!;
    if (!path.startsWith("/api/v1/")) {
      const refused = appBodyRefusal(req.method, req.headers, maxAppBodyBytes);
      if (refused) {
        // Answered without reading the body; the connection closes instead of draining it.
        res.setHeader("connection", "close");
        return void sendWebResponse(jsonError(refused.status, "BODY", refused.message), res);
      }
      return void (await handleWithNext(req, res));
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
  };
}
