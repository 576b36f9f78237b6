import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { sendWebResponse, toWebRequest } from "../http/node-adapter";

/** Listens on a free 127.0.0.1 port; `close` also drops open keep-alive connections. */
export async function listenLocal(server: Server): Promise<{ url: string; close(): Promise<void> }> {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** A Slack-style webhook that fails the first `failures` calls with 500 and keeps the bodies it accepted. */
export async function fakeWebhook(failures = 0, delayMs = 0) {
  const received: unknown[] = [];
  let calls = 0;
  const server = createServer(async (req, res) => {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    calls++;
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs)); // a slow receiver
    if (calls <= failures) return void res.writeHead(500).end("try later");
    received.push(JSON.parse(raw));
    res.writeHead(200).end("ok");
  });
  const { url, close } = await listenLocal(server);
  return { url: `${url}/hooks/T000/B000/secret-token`, received, calls: () => calls, close };
}

/** Serves a fetch-style handler on 127.0.0.1 through the same adapter the production web server uses. */
export async function serve(
  handler: (req: Request) => Promise<Response>,
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer(async (req: IncomingMessage, res) => {
    await sendWebResponse(await handler(toWebRequest(req, "http://127.0.0.1")), res);
  });
  return listenLocal(server);
}

interface FakeUpstreamCall {
  auth: string | undefined;
  body: Record<string, unknown>;
}

/**
 * A fake OpenAI-compatible endpoint. The model name picks the behaviour: "ok" answers, "slow-stream" streams one word
 * every 100 ms, "hang" never answers, "fail" answers 500, "nul" answers with a NUL character in its text, "stall"
 * sends its headers (and, streaming, one chunk) and then nothing. `connections()` counts the open sockets.
 */
export async function fakeOpenAI(answer = "Open Settings, then Security, then Reset password.") {
  const calls: FakeUpstreamCall[] = [];
  const server = createServer(async (req, res) => {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    const body = JSON.parse(raw) as Record<string, unknown>;
    calls.push({ auth: req.headers.authorization, body });
    const model = String(body.model);
    if (model === "hang") return; // never answers
    if (model === "stall") {
      res.writeHead(200, { "content-type": body.stream ? "text/event-stream" : "application/json" });
      res.write(
        body.stream
          ? `data: ${JSON.stringify({ id: "c", object: "chat.completion.chunk", created: 1, model, choices: [{ index: 0, delta: { content: "Open" }, finish_reason: null }] })}\n\n`
          : "{",
      );
      return; // and nothing more
    }
    if (model === "fail") {
      res.writeHead(500, { "content-type": "application/json" });
      return void res.end(JSON.stringify({ error: { message: "boom", type: "server_error" } }));
    }
    const words = (model === "nul" ? `${answer}\u0000` : answer).split(" ");
    if (body.stream) {
      res.writeHead(200, { "content-type": "text/event-stream" });
      const delay = model === "slow-stream" ? 100 : 1;
      for (let i = 0; i < words.length; i++) {
        if (res.destroyed) return;
        const chunk = {
          id: "chatcmpl-upstream",
          object: "chat.completion.chunk",
          created: 1,
          model,
          choices: [{ index: 0, delta: { content: (i ? " " : "") + words[i] }, finish_reason: null }],
        };
        res.write(`data: ${JSON.stringify(chunk)}\n\n`);
        await new Promise((r) => setTimeout(r, delay));
      }
      res.write(
        `data: ${JSON.stringify({ id: "chatcmpl-upstream", object: "chat.completion.chunk", created: 1, model, choices: [], usage: { prompt_tokens: 11, completion_tokens: words.length, total_tokens: 11 + words.length } })}\n\n`,
      );
      res.end("data: [DONE]\n\n");
      return;
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        id: "chatcmpl-upstream",
        object: "chat.completion",
        created: 1,
        model,
        choices: [{ index: 0, message: { role: "assistant", content: words.join(" ") }, finish_reason: "stop" }],
        usage: { prompt_tokens: 11, completion_tokens: words.length, total_tokens: 11 + words.length },
      }),
    );
  });
  const { url, close } = await listenLocal(server);
  const connections = () => new Promise<number>((resolve) => server.getConnections((_e, n) => resolve(n)));
  return { baseUrl: `${url}/v1`, calls, close, connections };
}
