import { randomBytes } from "node:crypto";
import { generateApiKey } from "../../crypto/tokens";
import { hashPassword } from "../auth/password";
import type { Prisma } from "../../db/types";
import { maybeSimulatedProvider } from "../../llm/simulated-provider";
import { DEFAULT_ROUTING } from "../labeling/routing";
import { FAST_SETTINGS } from "../settings/settings-profiles";
import type { SeedRepo } from "./seed.repo";
import type { UnitOfWork } from "../../db/unit-of-work";
import type { AuditRepo } from "../audit/audit.repo";

export interface SeedResult {
  /** The Demo project and its ingest key; null when no demo world is installed. */
  projectId: string | null;
  adminEmail: string;
  adminPassword: string;
  apiKey: string | null;
}

/** A readable random password: 18 characters from a 56-symbol alphabet (no look-alikes), ~104 bits. */
export function generatePassword(length = 18): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
  const bytes = randomBytes(length * 2);
  let out = "";
  for (let i = 0; out.length < length && i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 224) out += alphabet[b % 56]; // 224 = 4 × 56: rejection sampling keeps the choice uniform
  }
  return out.length === length ? out : generatePassword(length);
}

/**
 * First start only: the instance admin (with a generated password unless one is configured) and, when a demo world
 * is installed, the Demo project (fast settings profile, driven by the simulator) with one ingest API key. Returns
 * null when already seeded.
 */
export function createSeedService({
  repo,
  audit,
  uow,
}: {
  repo: SeedRepo;
  audit: Pick<AuditRepo, "insert">;
  uow: UnitOfWork;
}) {
  return {
    async seedIfEmpty(options: { adminEmail: string; adminPassword?: string }): Promise<SeedResult | null> {
      const adminPassword = options.adminPassword ?? generatePassword();
      const key = generateApiKey();
      // The Demo project comes from the installed demo world (server/simulation); without one, the admin alone.
      const world = maybeSimulatedProvider();
      const profile = world?.profiles[world.demo.model.profile];
      const adminEmail = options.adminEmail.trim().toLowerCase();
      const seed = {
        adminEmail,
        passwordHash: await hashPassword(adminPassword),
        demo:
          world && profile
            ? {
                settings: FAST_SETTINGS,
                apiKey: { prefix: key.prefix, hash: key.hash },
                model: {
                  name: world.demo.model.name,
                  provider: "simulated",
                  config: profile.config as Prisma.InputJsonObject,
                },
                evaluation: {
                  rubricName: world.demo.rubric.name,
                  criteria: world.demo.rubric.criteria,
                  failureCategories: world.demo.rubric.failureCategories,
                  notes: world.demo.rubric.notes,
                  judge: world.demo.judge,
                  queue: { ...world.demo.queue, routing: DEFAULT_ROUTING },
                },
              }
            : null,
      };
      const created = await uow(async (tx) => {
        const ids = await repo.seedIfEmpty(tx, seed);
        if (ids?.projectId) {
          await audit.insert(tx, {
            projectId: ids.projectId,
            actorId: null,
            action: "project.seed",
            targetType: "project",
            targetId: ids.projectId,
            detail: { admin: adminEmail, apiKey: key.prefix },
          });
        }
        return ids;
      });
      if (!created) return null;
      return {
        projectId: created.projectId,
        adminEmail: options.adminEmail.trim().toLowerCase(),
        adminPassword,
        apiKey: created.projectId ? key.key : null,
      };
    },
  };
}
