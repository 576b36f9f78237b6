import bcrypt from "bcryptjs";
import { z } from "zod";

// bcryptjs is pure JavaScript (no native build); cost 11 takes ~150 ms here, slow enough against guessing.
const COST = 11;

export const passwordInput = z.string().min(10, "Use at least 10 characters").max(200, "Use at most 200 characters");

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

// Compared against when the e-mail is unknown, so that sign-in takes as long either way (no user enumeration).
export const DUMMY_HASH = "$2b$11$nvgBXZ/6kxPBgUwg467kTuRci0XTaXtz.zXd5XC9Uh2/cz05QjP6y";
