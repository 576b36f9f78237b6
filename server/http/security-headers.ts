// The security headers of every response: pages get a per-request nonce CSP from the proxy (proxy.ts), and every
// route (pages, tRPC, auth, the public API) the fixed headers below.

/** On every response: no framing (clickjacking of approve and promote buttons), no sniffing, a short referrer. */
export const FIXED_SECURITY_HEADERS: Record<string, string> = {
  "X-Frame-Options": "DENY",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
};

/** Served over https: browsers keep to https for a year (sent only then, so a plain-http local start is unaffected). */
export const HSTS = "max-age=31536000; includeSubDomains";

/**
 * The pages' policy: scripts only from this origin or carrying this request's nonce (Next puts it on its own inline
 * scripts; `strict-dynamic` lets them load their chunks), no eval outside development, styles inline (charts and
 * Tailwind set style attributes), nothing framed, nothing sent elsewhere.
 */
export function contentSecurityPolicy(nonce: string, options: { dev: boolean; https: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    `connect-src 'self'${options.dev ? " ws:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(options.https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** The public API's answers are JSON: nothing in them may run or be framed. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";
