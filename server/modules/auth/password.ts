import bcrypt from "bcryptjs";
import { createHash } from "node:crypto";
import { z } from "zod";

// bcryptjs is pure JavaScript (no native build); cost 11 takes ~150 ms here, slow enough against guessing.
const COST = 11;

export const passwordInput = z.string().min(10, "Use at least 10 characters").max(200, "Use at most 200 characters");

// bcrypt reads only the first 72 bytes of its input; a 200-character password (up to 800 bytes in UTF-8) is first
// reduced to its SHA-256 (44 base64 characters), so every character counts. Hashes made before carry no prefix
// and are checked as they were made.
const PREHASHED = "sha256+";
const prehash = (password: string) => createHash("sha256").update(password, "utf8").digest("base64");

export async function hashPassword(password: string): Promise<string> {
  return PREHASHED + (await bcrypt.hash(prehash(password), COST));
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return hash.startsWith(PREHASHED)
    ? bcrypt.compare(prehash(password), hash.slice(PREHASHED.length))
    : bcrypt.compare(password, hash);
}

// Compared against when the e-mail is unknown, so that sign-in takes as long either way (no user enumeration).
export const DUMMY_HASH = "sha256+$2b$11$nvgBXZ/6kxPBgUwg467kTuRci0XTaXtz.zXd5XC9Uh2/cz05QjP6y";
