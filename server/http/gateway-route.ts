import { env } from "../env";
import { services } from "../services";
import { createGatewayHandler, type GatewayHandler } from "./gateway-handler";

const globalForGateway = globalThis as unknown as { tightloopGateway?: GatewayHandler };

/** The gateway wired to the process's services; `defer` runs work after the response (the route's after()). */
export function gatewayHandler(defer: (task: () => Promise<void>) => void): GatewayHandler {
  if (!globalForGateway.tightloopGateway) {
    // This process serves the gateway: keep the production routes in memory, dropped on every committed change.
    void services().models.cacheGatewayTargets();
  }
  globalForGateway.tightloopGateway ??= createGatewayHandler({
    services: services(),
    maxBodyBytes: env().TIGHTLOOP_INGEST_MAX_BYTES,
    defer,
  });
  return globalForGateway.tightloopGateway;
}
