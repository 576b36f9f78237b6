import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";

/** A node:http request as a fetch Request (the body streams; nothing is buffered here). */
export function toWebRequest(req: IncomingMessage, origin: string): Request {
  const body =
    req.method === "GET" || req.method === "HEAD" ? undefined : (Readable.toWeb(req) as ReadableStream<Uint8Array>);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  return new Request(new URL(req.url ?? "/", origin), {
    method: req.method,
    headers,
    body,
    duplex: "half",
  } as RequestInit);
}

/** Writes a fetch Response to node:http, streaming its body; a client that hangs up cancels the body. */
export async function sendWebResponse(response: Response, res: ServerResponse): Promise<void> {
  res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  let finished = false;
  res.on("close", () => {
    if (!finished) void reader.cancel().catch(() => undefined);
  });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      res.write(value);
    }
    finished = true;
    res.end();
  } catch {
    res.destroy();
  }
}
