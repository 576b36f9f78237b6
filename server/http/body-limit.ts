import type { IncomingHttpHeaders } from "node:http";

/**
 * Whether a request to the app's own routes (pages, tRPC, auth) may be read: a body must declare its length, and
 * that length must be within `maxBytes` (Node's parser then holds the body to it). The public API checks its own.
 */
export function appBodyRefusal(
  method: string | undefined,
  headers: IncomingHttpHeaders,
  maxBytes: number,
): { status: 411 | 413; message: string } | null {
  if (method === "GET" || method === "HEAD" || method === "OPTIONS") return null;
  const declared = headers["content-length"];
  if (declared === undefined) {
    return headers["transfer-encoding"] ? { status: 411, message: "Send the body with a Content-Length" } : null;
  }
  const length = Number(declared);
  if (!Number.isFinite(length) || length < 0) return { status: 411, message: "Content-Length is not a number" };
  return length > maxBytes ? { status: 413, message: `The request is larger than ${maxBytes} bytes` } : null;
}
