/**
 * Where to go after sign-in: the callback only when it resolves to a path of this origin (parsed the way the
 * browser will, so `/\evil.example` or `/%09/evil.example`, which browsers turn into `//evil.example`, are refused).
 */
export function safeCallback(raw: string | null, origin: string): string {
  if (!raw) return "/";
  try {
    const base = new URL(origin);
    const url = new URL(raw, base);
    // A backslash or a control character anywhere (raw or percent-encoded) is refused outright.
    const decoded = decodeURIComponent(url.pathname);
    if (url.origin !== base.origin || /[\\\u0000-\u001f]/.test(raw) || /[\\\u0000-\u001f]/.test(decoded)) return "/";
    if (decoded.startsWith("//")) return "/";
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return "/";
  }
}
