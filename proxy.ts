import { withAuth } from "next-auth/middleware";

// Pages behind sign-in. Authorization is still enforced on the server by every tRPC procedure; this only
// sends signed-out visitors to the sign-in page instead of rendering an empty shell.
export default withAuth({ pages: { signIn: "/sign-in" } });

export const config = { matcher: ["/p/:path*", "/projects", "/admin/:path*"] };
