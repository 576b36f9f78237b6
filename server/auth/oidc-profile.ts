export interface OidcClaims {
  sub: string;
  email?: string;
  email_verified?: boolean | string;
  name?: string;
}

/**
 * The user next-auth sees for an OIDC identity. The e-mail is kept only when the provider says it verified it: an
 * e-mail is how the identity is linked to a local account (instance admins included), so an unverified one would
 * let anyone who can register that address at the provider take the account over. Without it, sign-in is refused.
 */
export function oidcProfile(claims: OidcClaims) {
  const verified = claims.email_verified === true || claims.email_verified === "true";
  return { id: claims.sub, email: verified ? (claims.email ?? null) : null, name: claims.name ?? null };
}
