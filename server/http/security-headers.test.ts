import { describe, expect, it } from "vitest";
import type { NextConfig } from "next";
import { contentSecurityPolicy, FIXED_SECURITY_HEADERS } from "./security-headers";

describe("security headers", () => {
  it("are the same on Next's routes (next.config.mjs) as on the public API", async () => {
    const nextConfig = ((await import("../../next.config.mjs" as string)) as { default: NextConfig }).default;
    const rules = await nextConfig.headers!();
    const all = rules.find((r) => r.source === "/:path*")!;
    expect(Object.fromEntries(all.headers.map((h) => [h.key, h.value]))).toEqual(FIXED_SECURITY_HEADERS);
  });

  it("allow scripts by nonce only, no eval in production, and no framing", () => {
    const csp = contentSecurityPolicy("abc", { dev: false, https: true });
    expect(csp).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("upgrade-insecure-requests");
    expect(contentSecurityPolicy("abc", { dev: true, https: false })).toContain("'unsafe-eval'");
  });
});
