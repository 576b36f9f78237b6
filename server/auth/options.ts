import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { env } from "../env";
import { stampedClientAddress } from "../http/client-address";
import { oidcProfile } from "./oidc-profile";
import { DomainError } from "../errors";
import { SIGN_IN_LOCKED } from "../modules/auth/auth.service";
import { services } from "../services";

/** next-auth configuration; the only place besides server/auth that knows next-auth. */
export function authOptions(): NextAuthOptions {
  const e = env();
  const providers: NextAuthOptions["providers"] = [
    CredentialsProvider({
      id: "credentials",
      name: "E-mail and password",
      credentials: { email: { label: "E-mail", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        if (!credentials?.email || !credentials.password) return null;
        try {
          const user = await services().auth.signInWithPassword({
            email: credentials.email,
            password: credentials.password,
            ip: req?.headers ? stampedClientAddress(req.headers) : null,
          });
          return user ? { id: user.id, email: user.email, name: user.name } : null;
        } catch (error) {
          if (error instanceof DomainError && error.code === "TOO_MANY_REQUESTS") throw new Error(SIGN_IN_LOCKED);
          throw error;
        }
      },
    }),
  ];
  if (e.OIDC_ISSUER && e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET) {
    providers.push({
      id: "oidc",
      name: e.OIDC_NAME ?? "Single sign-on",
      type: "oauth",
      wellKnown: `${e.OIDC_ISSUER.replace(/\/$/, "")}/.well-known/openid-configuration`,
      clientId: e.OIDC_CLIENT_ID,
      clientSecret: e.OIDC_CLIENT_SECRET,
      authorization: { params: { scope: "openid email profile" } },
      idToken: true,
      checks: ["pkce", "state"],
      profile: oidcProfile,
    });
  }

  return {
    secret: e.NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: 7 * 24 * 3600 },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers,
    callbacks: {
      async signIn({ user, account }) {
        // An OIDC identity without a verified e-mail (dropped by `profile` above) is linked to no account.
        if (account?.provider === "oidc") return Boolean(user.email);
        return true;
      },
      async jwt({ token, user, account }) {
        if (account?.provider === "oidc" && user?.email) {
          const local = await services().auth.signInExternal(user.email, user.name ?? null);
          token.sub = local.id;
        } else if (user) {
          token.sub = user.id;
        }
        return token;
      },
      async session({ session, token }) {
        if (session.user && token.sub) (session.user as { id?: string }).id = token.sub;
        return session;
      },
    },
  };
}
