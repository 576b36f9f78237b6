import type { Db } from "../../db";
import { DomainError } from "../../errors";
import { insertAudit } from "../audit/audit.repo";
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

    create(input: {
      projectId: string;
      name: string;
      prefix: string;
      hash: string;
      scopes: ApiKeyScopeName[];
      allowedOrigins: string[];
      actorId: string | null;
    }) {
      return db.$transaction(async (tx) => {
        const key = await tx.apiKey.create({
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
        await insertAudit(tx, {
          projectId: input.projectId,
          actorId: input.actorId,
          action: "api_key.create",
          targetType: "api_key",
          targetId: key.id,
          detail: { name: input.name, prefix: input.prefix, scopes: input.scopes },
        });
        return key;
      });
    },

    revoke(projectId: string, apiKeyId: string, actorId: string | null, now: Date) {
      return db.$transaction(async (tx) => {
        const res = await tx.apiKey.updateMany({
          where: { id: apiKeyId, projectId, revokedAt: null },
          data: { revokedAt: now },
        });
        if (res.count !== 1) throw new DomainError("NOT_FOUND", "API key not found or already revoked");
        await insertAudit(tx, {
          projectId,
          actorId,
          action: "api_key.revoke",
          targetType: "api_key",
          targetId: apiKeyId,
        });
      });
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
