import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

export function sha256Hex(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("hex");
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

export function safeEqualHex(a: string, b: string): boolean {
  const x = Buffer.from(a, "hex");
  const y = Buffer.from(b, "hex");
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Project API keys look like `tlk_<prefix>_<secret>`. The prefix (12 chars) is stored and shown so a key can be
 * recognised and looked up by index; only the SHA-256 of the whole key is stored. A fast hash is right here:
 * the secret has 256 bits of entropy and the check runs on every gateway request.
 */
export function generateApiKey(): { key: string; prefix: string; hash: string } {
  const prefix = randomBytes(9).toString("base64url");
  const key = `tlk_${prefix}_${randomToken(32)}`;
  return { key, prefix, hash: sha256Hex(key) };
}

export function apiKeyPrefix(key: string): string | null {
  const match = /^tlk_([A-Za-z0-9_-]{12})_[A-Za-z0-9_-]{43}$/.exec(key);
  return match?.[1] ?? null;
}
