import { createServer, request, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addressList } from "../net/addresses";
import { webRequestHandler } from "./request-handler";

// The web process's handler in front of a stand-in for Next that reads whole bodies, as tRPC does.

let server: ReturnType<typeof createServer>;
let port = 0;
const seen: Array<{ bytes: number; address: string | undefined }> = [];

beforeAll(async () => {
  server = createServer(
    webRequestHandler({
      handleWithNext: async (req, res) => {
        let bytes = 0;
        for await (const chunk of req) bytes += (chunk as Buffer).length;
        seen.push({ bytes, address: req.headers["x-tightloop-client-address"] as string | undefined });
        res.end("next");
      },
      handleApi: async () => Response.json({ ok: true }),
      maxAppBodyBytes: 2_000_000,
      trustedProxies: addressList(""),
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Streams `total` bytes to /api/trpc until the server answers; resolves with the status and what was sent. */
function upload(total: number, headers: Record<string, string | number>) {
  return new Promise<{ status: number; sent: number }>((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = request(
      { host: "127.0.0.1", port, path: "/api/trpc/x", method: "POST", headers },
      (res: IncomingMessage) => {
        answered = true;
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode!, sent }));
      },
    );
    req.on("error", (error) => (answered ? undefined : reject(error)));
    const chunk = Buffer.alloc(1 << 20);
    const pump = () => {
      while (!answered && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

describe("the web process's handler", () => {
  it("refuses a 300 MB body to the app's API with a 413 before reading it, and the process stays small", async () => {
    const rssBefore = process.memoryUsage().rss;
    const { status, sent } = await upload(300_000_000, { "content-length": 300_000_000 });
    expect(status).toBe(413);
    expect(sent).toBeLessThan(300_000_000);
    expect(seen).toEqual([]);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(100_000_000);
  });

  it("refuses a streamed body without a length (411), and passes a small one on with the stamped address", async () => {
    expect((await upload(3 << 20, { "transfer-encoding": "chunked" })).status).toBe(411);
    const ok = await upload(1 << 20, { "content-length": 1 << 20, "x-forwarded-for": "6.6.6.6" });
    expect(ok.status).toBe(200);
    // The peer is not a trusted proxy, so its X-Forwarded-For is ignored.
    expect(seen).toEqual([{ bytes: 1 << 20, address: "127.0.0.1" }]);
  });
});
