import type { AuditRepo } from "./audit.repo";

export function createAuditService({ repo }: { repo: AuditRepo }) {
  return {
    list: (projectId: string, input: { limit: number; cursor?: string }) => repo.list(projectId, input),
  };
}
