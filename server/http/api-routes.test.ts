import { describe, expect, it } from "vitest";
import { apiRoutes, handleApi } from "./api-routes";

describe("the public API's route table", () => {
  it("lists the gateway and ingest endpoints with their methods", () => {
    expect(Object.fromEntries(Object.entries(apiRoutes).map(([path, r]) => [path, Object.keys(r).sort()]))).toEqual({
      "/api/v1/chat/completions": ["POST"],
      "/api/v1/models": ["GET"],
      "/api/v1/ingest": ["OPTIONS", "POST"],
    });
  });

  it("answers an unknown path with a JSON 404 and a wrong method with a 405 naming the allowed ones", async () => {
    const missing = await handleApi("/api/v1/nope", new Request("http://x/api/v1/nope"));
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: "NOT_FOUND", message: "No API endpoint at /api/v1/nope" } });
    const wrong = await handleApi("/api/v1/ingest", new Request("http://x/api/v1/ingest", { method: "GET" }));
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("POST, OPTIONS");
  });
});
