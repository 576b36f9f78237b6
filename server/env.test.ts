import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";

const valid = {
  DATABASE_URL: "postgresql://u:p@localhost:5432/db",
  NEXTAUTH_SECRET: "x".repeat(40),
  NEXTAUTH_URL: "http://localhost:3000",
  TIGHTLOOP_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
};

function problems(source: Record<string, string | undefined>): string[] {
  try {
    parseEnv(source);
    return [];
  } catch (error) {
    if (error instanceof EnvError) return error.problems;
    throw error;
  }
}

describe("environment", () => {
  it("accepts a complete environment", () => {
    expect(parseEnv(valid).TIGHTLOOP_WORKER_STALE_SECONDS).toBe(150);
  });

  it("reports one line per problem, naming the variable", () => {
    const lines = problems({ DATABASE_URL: "mysql://x", NEXTAUTH_SECRET: "short" });
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^DATABASE_URL: must start with postgresql:\/\//);
    expect(lines.some((l) => l.startsWith("NEXTAUTH_SECRET: must be at least 32"))).toBe(true);
    expect(lines.some((l) => l.startsWith("NEXTAUTH_URL:"))).toBe(true);
    expect(lines.some((l) => l.startsWith("TIGHTLOOP_ENCRYPTION_KEY:"))).toBe(true);
  });

  it("never echoes secret values", () => {
    const secret = "s3cr3t-value-that-is-too-short";
    expect(problems({ ...valid, NEXTAUTH_SECRET: secret }).join("\n")).not.toContain(secret);
  });

  it("requires the OIDC variables together", () => {
    expect(problems({ ...valid, OIDC_ISSUER: "https://id.example.com" })).toEqual([
      "OIDC_ISSUER: OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set together",
    ]);
    expect(
      problems({ ...valid, OIDC_ISSUER: "https://id.example.com", OIDC_CLIENT_ID: "a", OIDC_CLIENT_SECRET: "b" }),
    ).toEqual([]);
  });
});
