import { DomainError } from "../../errors";
import { DUMMY_HASH, verifyPassword } from "./password";
import { refusedForMs, THROTTLE_WINDOW_MS, throttleKeys } from "./sign-in-throttle";
import type { AuthRepo } from "./auth.repo";

export interface CredentialsAttempt {
  email: string;
  password: string;
  /** Client address as the web server determined it (server/http/client-address.ts), when known. */
  ip?: string | null;
}

export const SIGN_IN_LOCKED = "TooManyAttempts";

export function createAuthService({ repo, now }: { repo: AuthRepo; now: () => Date }) {
  /**
   * Checks a password of `email`'s account under the throttle: the attempt is counted first (atomically, per key),
   * and refused without a check once a key is past its limit. A success clears the pair and takes its attempt
   * back from the wider keys. Throws TOO_MANY_REQUESTS while refused.
   */
  async function throttledCheck(email: string, ip: string | null, check: () => Promise<boolean>) {
    const keys = throttleKeys(email, ip);
    const at = now();
    const counted = await Promise.all(keys.map((k) => repo.countAttempt(k.key, at, THROTTLE_WINDOW_MS)));
    const wait = refusedForMs(keys, counted, at);
    if (wait > 0) {
      throw new DomainError(
        "TOO_MANY_REQUESTS",
        `Too many failed attempts. Try again in ${Math.ceil(wait / 60_000)} min.`,
      );
    }
    const ok = await check();
    if (ok) {
      const [pair, ...wider] = keys;
      await Promise.all([repo.clearAttempts(pair!.key), ...wider.map((k) => repo.giveBackAttempt(k.key))]);
    }
    return ok;
  }

  return {
    sessionUser: repo.sessionUser,

    /**
     * Returns the user, or null for any wrong e-mail/password pair (one generic answer: no user enumeration).
     * Throws TOO_MANY_REQUESTS while the attempt is refused by the throttle.
     */
    async signInWithPassword(attempt: CredentialsAttempt) {
      const email = attempt.email.trim().toLowerCase();
      const user = await repo.findUserByEmail(email);
      // Compare against a dummy hash when there is no user, so both paths take the same time.
      const ok = await throttledCheck(email, attempt.ip ?? null, () =>
        verifyPassword(attempt.password, user?.passwordHash ?? DUMMY_HASH),
      );
      if (!user || !user.passwordHash || !ok) return null;
      return { id: user.id, email: user.email, name: user.name };
    },

    /** Whether `password` is that of the account (invite acceptance by an existing user), under the same throttle. */
    async checkAccountPassword(email: string, passwordHash: string | null, password: string, ip: string | null) {
      return throttledCheck(email.trim().toLowerCase(), ip, async () =>
        passwordHash ? verifyPassword(password, passwordHash) : false,
      );
    },

    /** OIDC sign-in: the identity provider vouches for the e-mail; access still comes only from memberships. */
    signInExternal: (email: string, name: string | null) => repo.upsertExternalUser(email.trim().toLowerCase(), name),
  };
}
export type AuthService = ReturnType<typeof createAuthService>;
