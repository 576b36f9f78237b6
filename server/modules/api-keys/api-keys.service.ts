import { apiKeyPrefix, generateApiKey, safeEqualHex, sha256Hex } from "../../crypto/tokens";
import type { ApiKeyScopeName, CreateApiKeyInput } from "./api-keys.schema";
import type { UnitOfWork } from "../../db/unit-of-work";
import { DomainError } from "../../errors";
import type { AuditRepo } from "../audit/audit.repo";
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

export function createApiKeysService({
  repo,
  audit,
  uow,
  now,
}: {
  repo: ApiKeysRepo;
  audit: Pick<AuditRepo, "insert">;
  uow: UnitOfWork;
  now: () => Date;
}) {
  const cache = new Map<string, { principal: ApiKeyPrincipal; until: number }>();
  return {
    list: repo.list,

    /** The full key is returned here once and never again (only its SHA-256 is stored). */
    async create(projectId: string, input: CreateApiKeyInput, actorId: string | null) {
      const { key, prefix, hash } = generateApiKey();
      const scopes: ApiKeyScopeName[] = [input.scope];
      const created = await uow(async (tx) => {
        const row = await repo.create(tx, {
          projectId,
          name: input.name,
          prefix,
          hash,
          scopes,
          allowedOrigins: input.scope === "feedback_only" ? input.allowedOrigins : [],
          actorId,
        });
        await audit.insert(tx, {
          projectId,
          actorId,
          action: "api_key.create",
          targetType: "api_key",
          targetId: row.id,
          detail: { name: input.name, prefix, scopes },
        });
        return row;
      });
      return { ...created, key };
    },

    async revoke(projectId: string, apiKeyId: string, actorId: string | null) {
      await uow(async (tx) => {
        if (!(await repo.revoke(tx, projectId, apiKeyId, now())))
          throw new DomainError("NOT_FOUND", "API key not found or already revoked");
        await audit.insert(tx, {
          projectId,
          actorId,
          action: "api_key.revoke",
          targetType: "api_key",
          targetId: apiKeyId,
        });
      });
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
