import { describe, expect, it } from "vitest";
import { outboundPolicy } from "../net/outbound";
import { openAIClient, providerMessage } from "./openai-client";

describe("a call the outbound policy refuses", () => {
  it("reports the policy's rule, not the client's generic connection error", async () => {
    const client = openAIClient({
      baseURL: "http://10.0.0.9:8000/v1",
      apiKey: "sk-secret",
      maxRetries: 0,
      fetch: outboundPolicy().fetch,
    });
    const error = await client.chat.completions
      .create({ model: "m", messages: [{ role: "user", content: "hi" }] })
      .catch((e: unknown) => e);
    expect(providerMessage(error)).toMatch(/^refused: 10\.0\.0\.9 is a private or loopback address/);
  });
});
