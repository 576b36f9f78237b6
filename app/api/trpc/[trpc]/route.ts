import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { currentSession } from "@/server/auth/session";
import { stampedClientAddress } from "@/server/http/client-address";
import { services } from "@/server/services";
import { appRouter } from "@/server/trpc/root";

function handler(req: Request) {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: async () => ({
      services: services(),
      session: await currentSession(),
      ip: stampedClientAddress(req.headers),
    }),
    onError({ error, path }) {
      // Unexpected errors only; domain and auth errors are answers, not faults.
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`tRPC ${path ?? "?"} failed:`, error.cause ?? error);
    },
  });
}

export { handler as GET, handler as POST };
