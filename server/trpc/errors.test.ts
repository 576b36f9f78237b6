import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import superjson from "superjson";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Services } from "../services";
import { appRouter } from "./root";

// The HTTP face of tRPC with services that fail on purpose: what a caller sees when something breaks inside.

const failing = {
  auth: {
    sessionUser: async () => {
      throw new Error('invalid byte sequence for encoding "UTF8": 0x00 at prisma.user.findUnique()');
    },
  },
  members: {
    describeInvite: async () => ({ projectName: "p", email: "e@x.io", role: "viewer" }),
  },
} as unknown as Services;

function call(path: string, input: unknown, method: "GET" | "POST" = "GET") {
  const encoded = encodeURIComponent(JSON.stringify(superjson.serialize(input)));
  const req =
    method === "GET"
      ? new Request(`http://localhost/api/trpc/${path}?input=${encoded}`)
      : new Request(`http://localhost/api/trpc/${path}`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(superjson.serialize(input)),
        });
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: async () => ({ services: failing, session: { userId: "u1" }, ip: null }),
  });
}

afterEach(() => vi.restoreAllMocks());

describe("tRPC errors", () => {
  it("answer a 500 with a reference only; the internal message goes to the log with the same reference", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const res = await call("me.get", undefined);
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain("prisma");
    expect(text).not.toContain("UTF8");
    const ref = /Internal error \(ref ([0-9a-f]{12})\)/.exec(text)?.[1];
    expect(ref).toBeDefined();
    expect(String(logged.mock.calls[0]?.[0])).toContain(ref!);
  });

  it("refuse a NUL or an unpaired surrogate in any input with a 400 that names where it is", async () => {
    const nul = await call("invites.describe", { token: `${"a".repeat(30)}\u0000` });
    expect(nul.status).toBe(400);
    expect(await nul.text()).toContain("token must not contain NUL");
    const surrogate = await call("invites.describe", { token: `${"a".repeat(30)}\ud800` });
    expect(surrogate.status).toBe(400);
    const fine = await call("invites.describe", { token: "a".repeat(30) });
    expect(fine.status).toBe(200);
  });
});
