import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { open, seal } from "./secret-box";
import { apiKeyPrefix, generateApiKey, safeEqualHex, sha256Hex } from "./tokens";

describe("API keys", () => {
  it("carry a 12-character prefix that can be parsed back, and store only the SHA-256", () => {
    const { key, prefix, hash } = generateApiKey();
    expect(key.startsWith(`tlk_${prefix}_`)).toBe(true);
    expect(prefix).toHaveLength(12);
    expect(apiKeyPrefix(key)).toBe(prefix);
    expect(hash).toBe(sha256Hex(key));
    expect(hash).not.toContain(key);
  });

  it("rejects malformed keys", () => {
    expect(apiKeyPrefix("")).toBeNull();
    expect(apiKeyPrefix("tlk_short_x")).toBeNull();
    expect(apiKeyPrefix(`${generateApiKey().key}x`)).toBeNull();
  });

  it("compares hashes in constant time and only equal ones match", () => {
    expect(safeEqualHex(sha256Hex("a"), sha256Hex("a"))).toBe(true);
    expect(safeEqualHex(sha256Hex("a"), sha256Hex("b"))).toBe(false);
    expect(safeEqualHex(sha256Hex("a"), "abcd")).toBe(false);
  });
});

describe("secret box", () => {
  const key = randomBytes(32).toString("base64");

  it("round-trips and never stores the plaintext", () => {
    const sealed = seal("sk-provider-secret", key);
    expect(sealed).not.toContain("sk-provider-secret");
    expect(open(sealed, key)).toBe("sk-provider-secret");
    expect(seal("same", key)).not.toBe(seal("same", key));
  });

  it("fails on a wrong key or a tampered value", () => {
    const sealed = seal("secret", key);
    expect(() => open(sealed, randomBytes(32).toString("base64"))).toThrow();
    const parts = sealed.split(".");
    parts[3] = Buffer.from("tampered").toString("base64url");
    expect(() => open(parts.join("."), key)).toThrow();
  });
});
