import type { IncomingMessage } from "node:http";
import { clientAddress, type AddressList } from "../net/addresses";

/**
 * The header the web server sets on every request it hands on: the client's address as it determined it (the
 * peer, or X-Forwarded-For from a trusted proxy). Any value the client sent is replaced, so handlers trust it.
 */
const CLIENT_ADDRESS_HEADER = "x-tightloop-client-address";

/** Sets CLIENT_ADDRESS_HEADER on the request from its connection and the instance's trusted proxies. */
export function stampClientAddress(req: IncomingMessage, trusted: AddressList): void {
  req.headers[CLIENT_ADDRESS_HEADER] =
    clientAddress(req.socket.remoteAddress, req.headers["x-forwarded-for"], trusted) ?? "";
}

/** The address stamped by the web server, or null (a request that did not come through it). */
export function stampedClientAddress(headers: { get(name: string): string | null } | Record<string, unknown>) {
  const value =
    typeof headers.get === "function"
      ? (headers as { get(name: string): string | null }).get(CLIENT_ADDRESS_HEADER)
      : (headers as Record<string, unknown>)[CLIENT_ADDRESS_HEADER];
  return typeof value === "string" && value !== "" ? value : null;
}
