import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export interface InstanceSecrets {
  nextauthSecret: string;
  encryptionKey: string;
  postgresPassword: string;
}

/**
 * Secrets generated on the first start and kept in <data dir>/secrets.json (mode 0600). Losing the file loses
 * the ability to read stored provider secrets, so it is never rewritten once it exists (fields are only added).
 */
export function loadOrCreateSecrets(dataDir: string): InstanceSecrets {
  const file = path.join(dataDir, "secrets.json");
  const current = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Partial<InstanceSecrets>) : {};
  const secrets: InstanceSecrets = {
    nextauthSecret: current.nextauthSecret ?? randomBytes(32).toString("base64url"),
    encryptionKey: current.encryptionKey ?? randomBytes(32).toString("base64"),
    postgresPassword: current.postgresPassword ?? randomBytes(24).toString("base64url"),
  };
  if (JSON.stringify(current) !== JSON.stringify(secrets)) {
    writeFileSync(file, JSON.stringify(secrets, null, 2) + "\n", { mode: 0o600 });
  }
  chmodSync(file, 0o600);
  return secrets;
}
