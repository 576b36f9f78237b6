import type { Db } from "../../db";
import type { Executor } from "../../db/unit-of-work";
import type { ApiKeyScopeName } from "./api-keys.schema";

const publicSelect = {
  id: true,
  name: true,
  prefix: true,
  scopes: true,
  allowedOrigins: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
} as const;

export function createApiKeysRepo(db: Db) {
  return {
    list(projectId: string) {
      return db.apiKey.findMany({ where: { projectId }, orderBy: { createdAt: "desc" }, select: publicSelect });
    },

    create(
      tx: Executor,
      input: {
        projectId: string;
        name: string;
        prefix: string;
        hash: string;
        scopes: ApiKeyScopeName[];
        allowedOrigins: string[];
        actorId: string | null;
      },
    ) {
      return tx.apiKey.create({
        data: {
          projectId: input.projectId,
          name: input.name,
          prefix: input.prefix,
          hash: input.hash,
          scopes: input.scopes,
          allowedOrigins: input.allowedOrigins,
          createdById: input.actorId,
        },
        select: publicSelect,
      });
    },

    /** False when the key is not this project's or was already revoked. */
    async revoke(tx: Executor, projectId: string, apiKeyId: string, now: Date): Promise<boolean> {
      const res = await tx.apiKey.updateMany({
        where: { id: apiKeyId, projectId, revokedAt: null },
        data: { revokedAt: now },
      });
      return res.count === 1;
    },

    findByPrefix(prefix: string) {
      return db.apiKey.findUnique({
        where: { prefix },
        select: { id: true, projectId: true, hash: true, scopes: true, allowedOrigins: true, revokedAt: true },
      });
    },
  };
}
export type ApiKeysRepo = ReturnType<typeof createApiKeysRepo>;
