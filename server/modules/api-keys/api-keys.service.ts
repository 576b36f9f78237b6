import { apiKeyPrefix, generateApiKey, safeEqualHex, sha256Hex } from "../../crypto/tokens";
import type { ApiKeyScopeName, CreateApiKeyInput } from "./api-keys.schema";
import type { ApiKeysRepo } from "./api-keys.repo";

export interface ApiKeyPrincipal {
  apiKeyId: string;
  projectId: string;
  scopes: ApiKeyScopeName[];
  allowedOrigins: string[];
}

// Keys are checked on every ingest and gateway request. A short per-process cache of successful lookups saves a
// query per request; a revoked key stops working everywhere within this many milliseconds.
const API_KEY_CACHE_MS = 5000;

export function createApiKeysService({ repo, now }: { repo: ApiKeysRepo; now: () => Date }) {
  const cache = new Map<string, { principal: ApiKeyPrincipal; until: number }>();
  return {
    list: repo.list,

    /** The full key is returned here once and never again (only its SHA-256 is stored). */
    async create(projectId: string, input: CreateApiKeyInput, actorId: string | null) {
      const { key, prefix, hash } = generateApiKey();
      const created = await repo.create({
        projectId,
        name: input.name,
        prefix,
        hash,
        scopes: [input.scope],
        allowedOrigins: input.scope === "feedback_only" ? input.allowedOrigins : [],
        actorId,
      });
      return { ...created, key };
    },

    async revoke(projectId: string, apiKeyId: string, actorId: string | null) {
      await repo.revoke(projectId, apiKeyId, actorId, now());
      for (const [hash, entry] of cache) if (entry.principal.apiKeyId === apiKeyId) cache.delete(hash);
    },

    /** Resolves a presented key to its project and scopes, or null (unknown, malformed or revoked). */
    async authenticate(presented: string): Promise<ApiKeyPrincipal | null> {
      const prefix = apiKeyPrefix(presented);
      if (!prefix) return null;
      const hash = sha256Hex(presented);
      const cached = cache.get(hash);
      if (cached && cached.until > Date.now()) return cached.principal;
      const row = await repo.findByPrefix(prefix);
      if (!row || row.revokedAt || !safeEqualHex(row.hash, hash)) return null;
      const principal: ApiKeyPrincipal = {
        apiKeyId: row.id,
        projectId: row.projectId,
        scopes: row.scopes,
        allowedOrigins: row.allowedOrigins,
      };
      if (cache.size > 10_000) cache.clear();
      cache.set(hash, { principal, until: Date.now() + API_KEY_CACHE_MS });
      return principal;
    },
  };
}
