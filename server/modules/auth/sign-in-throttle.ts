// Pure rules for throttling password checks (sign-in, and invite acceptance for an existing account). Every attempt
// is counted before the password is checked, by one atomic statement per key, so parallel guesses cannot outrun
// the count. A success takes its attempt back.

export const THROTTLE_WINDOW_MS = 15 * 60_000;

export interface ThrottleKey {
  key: string;
  /** Attempts allowed in the window; the next one is refused without checking the password. */
  max: number;
}

/**
 * The keys an attempt counts against: the (account, address) pair, so a stranger elsewhere cannot lock the owner
 * out; the account across all addresses, a higher ceiling against guessing from many addresses; and the address
 * across all accounts, against spraying (several people may share one address behind a NAT).
 */
export function throttleKeys(email: string, address: string | null): ThrottleKey[] {
  const keys: ThrottleKey[] = [
    { key: `pair:${email}|${address ?? "-"}`, max: 5 },
    { key: `email:${email}`, max: 50 },
  ];
  if (address) keys.push({ key: `ip:${address}`, max: 30 });
  return keys;
}

export interface CountedAttempt {
  /** Attempts in the key's current window, this one included. */
  attempts: number;
  windowStartedAt: Date;
}

/** Milliseconds until the first over-the-limit key's window ends, or 0 when every key is within its limit. */
export function refusedForMs(keys: ThrottleKey[], counted: CountedAttempt[], now: Date): number {
  let wait = 0;
  keys.forEach((k, i) => {
    const c = counted[i]!;
    if (c.attempts > k.max) wait = Math.max(wait, c.windowStartedAt.getTime() + THROTTLE_WINDOW_MS - now.getTime());
  });
  return Math.max(0, wait);
}
