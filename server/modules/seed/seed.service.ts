import { randomBytes } from "node:crypto";
import { generateApiKey } from "../../crypto/tokens";
import { hashPassword } from "../auth/password";
import { DEMO_JUDGE, DEMO_QUEUE, DEMO_RUBRIC } from "../../simulation/demo-evaluation";
import { DEFAULT_ROUTING } from "../labeling/routing";
import { SIMULATED_PROFILES } from "../../simulation/model";
import { FAST_SETTINGS } from "../settings/settings-profiles";
import type { SeedRepo } from "./seed.repo";

export interface SeedResult {
  projectId: string;
  adminEmail: string;
  adminPassword: string;
  apiKey: string;
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
 * First start only: the instance admin (with a generated password unless one is configured), the Demo project
 * (fast settings profile, driven by the simulator) and one ingest API key. Returns null when already seeded.
 */
export function createSeedService({ repo }: { repo: SeedRepo }) {
  return {
    async seedIfEmpty(options: { adminEmail: string; adminPassword?: string }): Promise<SeedResult | null> {
      const adminPassword = options.adminPassword ?? generatePassword();
      const key = generateApiKey();
      const created = await repo.seedIfEmpty({
        adminEmail: options.adminEmail.trim().toLowerCase(),
        passwordHash: await hashPassword(adminPassword),
        demoSettings: FAST_SETTINGS,
        apiKey: { prefix: key.prefix, hash: key.hash },
        demoModel: { name: "support-bot-v1", provider: "simulated", config: SIMULATED_PROFILES["support-bot-v1"] },
        demoEvaluation: {
          rubricName: DEMO_RUBRIC.name,
          criteria: DEMO_RUBRIC.content.criteria,
          failureCategories: DEMO_RUBRIC.content.failureCategories,
          notes: DEMO_RUBRIC.content.notes ?? null,
          judge: DEMO_JUDGE,
          queue: { ...DEMO_QUEUE, routing: DEFAULT_ROUTING },
        },
      });
      if (!created) return null;
      return {
        projectId: created.projectId,
        adminEmail: options.adminEmail.trim().toLowerCase(),
        adminPassword,
        apiKey: key.key,
      };
    },
  };
}
