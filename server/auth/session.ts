import { getServerSession } from "next-auth";
import type { SessionInfo } from "../trpc/context";
import { authOptions } from "./options";

/** The signed-in user's id from the JWT session, or null. Roles are never read from here (they can be stale). */
export async function currentSession(): Promise<SessionInfo | null> {
  const session = await getServerSession(authOptions());
  const userId = (session?.user as { id?: string } | undefined)?.id;
  return userId ? { userId } : null;
}
