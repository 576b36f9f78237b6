import { apiKeyPrefix, generateApiKey, safeEqualHex, sha256Hex } from "../../crypto/tokens";
import type { ApiKeyScopeName, CreateApiKeyInput } from "./api-keys.schema";
import type { ApiKeysRepo } from "./api-keys.repo";

export interface ApiKeyPrincipal {
  apiKeyId: string;
  projectId: string;
  scopes: ApiKeyScopeName[];
  allowedOrigins: string[];
}

export function createApiKeysService({ repo, now }: { repo: ApiKeysRepo; now: () => Date }) {
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

    revoke: (projectId: string, apiKeyId: string, actorId: string) => repo.revoke(projectId, apiKeyId, actorId, now()),

    /** Resolves a presented key to its project and scopes, or null (unknown, malformed or revoked). */
    async authenticate(presented: string): Promise<ApiKeyPrincipal | null> {
      const prefix = apiKeyPrefix(presented);
      if (!prefix) return null;
      const row = await repo.findByPrefix(prefix);
      if (!row || row.revokedAt || !safeEqualHex(row.hash, sha256Hex(presented))) return null;
      return { apiKeyId: row.id, projectId: row.projectId, scopes: row.scopes, allowedOrigins: row.allowedOrigins };
    },
  };
}
export type ApiKeysService = ReturnType<typeof createApiKeysService>;
