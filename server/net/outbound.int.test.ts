import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outboundPolicy, OutboundRefused } from "./outbound";

// An "internal" service on loopback, the kind an SSRF reaches: it answers with data that must never come back.
let internal: ReturnType<typeof createServer>;
let port = 0;
const requested: string[] = [];

beforeAll(async () => {
  internal = createServer((req, res) => {
    requested.push(req.url ?? "");
    if (req.url === "/redirect") {
      res.writeHead(302, { location: "/secret" });
      return void res.end();
    }
    res.writeHead(200, { "content-type": "text/plain" });
    res.end("INTERNAL-ONLY DATA");
  });
  await new Promise<void>((resolve) => internal.listen(0, "127.0.0.1", resolve));
  port = (internal.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => internal.close(() => resolve())));

const refused = (p: Promise<unknown>, rule: RegExp) => expect(p).rejects.toThrow(rule);

describe("the outbound URL policy", () => {
  it("refuses loopback and private addresses unless the instance allows them", async () => {
    const strict = outboundPolicy({ allow: "" });
    await refused(strict.fetch(`http://127.0.0.1:${port}/`), /private or loopback.*TIGHTLOOP_OUTBOUND_ALLOW/);
    await refused(strict.check("http://10.1.2.3/v1"), /private/);
    await refused(strict.check("http://[::1]:8000/v1"), /private/);
    await refused(strict.check("http://[::ffff:192.168.0.1]/"), /private/);
    const allowed = outboundPolicy({ allow: "127.0.0.1/32" });
    expect(await (await allowed.fetch(`http://127.0.0.1:${port}/`)).text()).toBe("INTERNAL-ONLY DATA");
  });

  it("never calls link-local or metadata addresses, even with everything allowed", async () => {
    const open = outboundPolicy({ allow: "0.0.0.0/0, ::/0" });
    await refused(open.check("http://169.254.169.254/latest/meta-data/"), /link-local or metadata/);
    await refused(open.check("http://[fe80::1]/"), /link-local or metadata/);
    await refused(open.check("http://100.100.100.200/"), /metadata/);
  });

  it("refuses schemes other than http(s), credentials in the URL and names that resolve inside", async () => {
    const policy = outboundPolicy({ allow: "", resolve: async () => ["10.0.0.5"] });
    await refused(policy.check("file:///etc/passwd"), /only http and https/);
    await refused(policy.check("javascript:alert(1)"), /only http and https/);
    await refused(policy.check("http://user:pass@example.com/"), /credentials/);
    await refused(policy.check("not a url"), /not a valid URL/);
    await refused(policy.check("https://looks-public.example/v1"), /private.*10\.0\.0\.5/);
    const mixed = outboundPolicy({ resolve: async () => ["93.184.216.34", "169.254.169.254"] });
    await refused(mixed.check("https://mixed.example/"), /metadata/);
    await expect(policy.check("https://looks-public.example/v1")).rejects.toBeInstanceOf(OutboundRefused);
  });

  it("connects to the address it checked (no rebinding) and lets a host name be allowed by name", async () => {
    // The system resolver does not know this name; the policy's answer is what the connection uses.
    const policy = outboundPolicy({ allow: "vllm.internal", resolve: async () => ["127.0.0.1"] });
    const res = await policy.fetch(`http://vllm.internal:${port}/pinned`);
    expect(await res.text()).toBe("INTERNAL-ONLY DATA");
    expect(requested.at(-1)).toBe("/pinned");
  });

  it("accepts a name that does not resolve here when it is saved, and refuses to call it", async () => {
    const policy = outboundPolicy({ resolve: async () => Promise.reject(new Error("ENOTFOUND")) });
    await expect(policy.check("https://hooks.corp.internal/x")).resolves.toBeUndefined();
    await refused(policy.fetch("https://hooks.corp.internal/x"), /does not resolve/);
  });

  it("does not follow redirects: the 3xx is the answer", async () => {
    const policy = outboundPolicy({ allow: "127.0.0.1" });
    requested.length = 0;
    const res = await policy.fetch(`http://127.0.0.1:${port}/redirect`);
    expect(res.status).toBe(302);
    expect(requested).toEqual(["/redirect"]);
  });
});
