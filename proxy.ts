import { withAuth } from "next-auth/middleware";
import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy, HSTS } from "@/server/http/security-headers";

// Pages behind sign-in. Authorization is still enforced on the server by every tRPC procedure; this only sends
// signed-out visitors to the sign-in page instead of rendering an empty shell.
const SIGNED_IN_ONLY = /^\/(p\/|projects$|admin(\/|$))/;

// Every page gets a fresh nonce and its Content-Security-Policy; Next reads the policy from the request headers and
// puts the nonce on its own inline scripts (the root layout puts it on the theme script).
function withSecurityHeaders(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const https = request.nextUrl.protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
  const policy = contentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === "development", https });
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", policy);
  if (https) response.headers.set("Strict-Transport-Security", HSTS);
  return response;
}

export default withAuth(withSecurityHeaders, {
  pages: { signIn: "/sign-in" },
  callbacks: { authorized: ({ req, token }) => token !== null || !SIGNED_IN_ONLY.test(req.nextUrl.pathname) },
});

export const config = {
  // Pages only: API routes answer JSON, static files are not documents.
  matcher: [{ source: "/((?!api/|_next/static|_next/image|favicon.ico).*)" }],
};
