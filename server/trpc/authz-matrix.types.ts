// Shared by the authorization matrix test and its per-area row files.
import type { Db } from "../db";
import type { ProjectRole } from "../modules/auth/roles";
import type { Services } from "../services";

export type Access = "public" | "authed" | "instanceAdmin" | { project: ProjectRole };

export interface Fixture {
  db: Db;
  services: Services;
  projectId: string;
  adminId: string;
}

export interface Row {
  access: Access;
  input?: (fx: Fixture) => Promise<unknown> | unknown;
}
