import { DomainError } from "../../errors";
import { DUMMY_HASH, verifyPassword } from "./password";
import { afterFailure, DEFAULT_THROTTLE, lockRemainingMs, type ThrottlePolicy } from "./sign-in-throttle";
import type { AuthRepo } from "./auth.repo";

export interface CredentialsAttempt {
  email: string;
  password: string;
  /** Client address, when known: a second throttle key so one address cannot spray many accounts. */
  ip?: string | null;
}

export const SIGN_IN_LOCKED = "TooManyAttempts";

// An address is shared by many people behind one NAT, so it gets more room than one account.
const ADDRESS_THROTTLE: ThrottlePolicy = { ...DEFAULT_THROTTLE, maxFailures: DEFAULT_THROTTLE.maxFailures * 6 };

export function createAuthService({ repo, now }: { repo: AuthRepo; now: () => Date }) {
  return {
    sessionUser: repo.sessionUser,

    /**
     * Returns the user, or null for any wrong e-mail/password pair (one generic answer: no user enumeration).
     * Throws TOO_MANY_REQUESTS while the account or address is locked out after repeated failures.
     */
    async signInWithPassword(attempt: CredentialsAttempt) {
      const email = attempt.email.trim().toLowerCase();
      const keys: Array<[string, ThrottlePolicy]> = [[`email:${email}`, DEFAULT_THROTTLE]];
      if (attempt.ip) keys.push([`ip:${attempt.ip}`, ADDRESS_THROTTLE]);

      const at = now();
      for (const [key] of keys) {
        const remaining = lockRemainingMs(await repo.readThrottle(key), at);
        if (remaining > 0) {
          throw new DomainError(
            "TOO_MANY_REQUESTS",
            `Too many failed sign-ins. Try again in ${Math.ceil(remaining / 60_000)} min.`,
          );
        }
      }

      const user = await repo.findUserByEmail(email);
      // Compare against a dummy hash when there is no user, so both paths take the same time.
      const ok = await verifyPassword(attempt.password, user?.passwordHash ?? DUMMY_HASH);
      if (!user || !user.passwordHash || !ok) {
        for (const [key, policy] of keys)
          await repo.writeThrottle(key, afterFailure(await repo.readThrottle(key), at, policy));
        return null;
      }
      await repo.clearThrottle(`email:${email}`);
      return { id: user.id, email: user.email, name: user.name };
    },

    /** OIDC sign-in: the identity provider vouches for the e-mail; access still comes only from memberships. */
    signInExternal: (email: string, name: string | null) => repo.upsertExternalUser(email.trim().toLowerCase(), name),
  };
}
