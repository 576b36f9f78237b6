import { redirect } from "next/navigation";
import { currentSession } from "@/server/auth/session";
import { services } from "@/server/services";

export const dynamic = "force-dynamic";

/** Signed-out visitors go to sign-in; members go to their first project; others to the project list. */
export default async function Home() {
  const session = await currentSession();
  if (!session) redirect("/sign-in");
  const projects = await services().projects.listForUser(session.userId);
  redirect(projects[0] ? `/p/${projects[0].id}/overview` : "/projects");
}
