import { FAST_SETTINGS, parseProjectSettings, STANDARD_SETTINGS } from "./settings-profiles";
import type { ProjectSettingsDoc } from "./settings.schema";
import type { SettingsRepo } from "./settings.repo";
import type { UnitOfWork } from "../../db/unit-of-work";
import type { AuditRepo } from "../audit/audit.repo";

/** Dotted paths whose values differ: what the audit log shows for a settings change. */
export function changedSettings(
  before: ProjectSettingsDoc,
  after: ProjectSettingsDoc,
): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  const walk = (a: unknown, b: unknown, prefix: string) => {
    if (a && b && typeof a === "object" && typeof b === "object") {
      for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
        walk(
          (a as Record<string, unknown>)[key],
          (b as Record<string, unknown>)[key],
          prefix ? `${prefix}.${key}` : key,
        );
      }
    } else if (a !== b) {
      changes[prefix] = { from: a, to: b };
    }
  };
  walk(before, after, "");
  return changes;
}

export function createSettingsService({
  repo,
  audit,
  uow,
}: {
  repo: SettingsRepo;
  audit: Pick<AuditRepo, "insert">;
  uow: UnitOfWork;
}) {
  const get = async (projectId: string) => parseProjectSettings(await repo.read(projectId));
  return {
    get,
    async describe(projectId: string) {
      return { settings: await get(projectId), standard: STANDARD_SETTINGS, fast: FAST_SETTINGS };
    },
    async update(projectId: string, settings: ProjectSettingsDoc, actorId: string) {
      const before = await get(projectId);
      const changes = changedSettings(before, settings);
      if (Object.keys(changes).length === 0) return settings;
      await uow(async (tx) => {
        await repo.write(tx, projectId, settings);
        await audit.insert(tx, {
          projectId,
          actorId,
          action: "settings.update",
          targetType: "project",
          targetId: projectId,
          detail: { changes } as never,
        });
      });
      return settings;
    },
  };
}
export type SettingsService = ReturnType<typeof createSettingsService>;
