import { createServer } from "node:http";
import { listenLocal } from "./http-harness";

interface FakeJudgeCall {
  auth: string | undefined;
  body: { model: string; messages: Array<{ role: string; content: string }>; response_format?: unknown };
}

/**
 * A fake OpenAI-compatible judge. The answer under judgement picks the reply: one containing "GOOD" passes, "BAD"
 * fails as incomplete, "PROSE" gets prose instead of JSON, "BOOM" gets HTTP 500; anything else passes. `delayMs`
 * delays every reply (throughput and crash tests).
 */
export async function fakeJudge(options: { delayMs?: number } = {}) {
  const calls: FakeJudgeCall[] = [];
  const server = createServer(async (req, res) => {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    const body = JSON.parse(raw) as FakeJudgeCall["body"];
    calls.push({ auth: req.headers.authorization, body });
    if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
    const answer = body.messages.at(-1)?.content.split("Answer to judge:\n")[1] ?? "";
    if (answer.includes("BOOM")) {
      res.writeHead(500, { "content-type": "application/json" });
      return void res.end(JSON.stringify({ error: { message: "judge overloaded", type: "server_error" } }));
    }
    const content = answer.includes("PROSE")
      ? "This answer seems mostly fine, I would give it a 4."
      : JSON.stringify(
          answer.includes("BAD")
            ? { score: 2, pass: false, failure_category: "incomplete", rationale: "Steps missing.", confidence: 0.9 }
            : { score: 5, pass: true, failure_category: null, rationale: "Correct and complete.", confidence: 0.95 },
        );
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        id: "chatcmpl-judge",
        object: "chat.completion",
        created: 1,
        model: body.model,
        choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
      }),
    );
  });
  const { url, close } = await listenLocal(server);
  return { baseUrl: `${url}/v1`, calls, close };
}
