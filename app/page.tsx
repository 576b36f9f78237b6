import { redirect } from "next/navigation";
import { currentSession } from "@/server/auth/session";
import { services } from "@/server/services";

export const dynamic = "force-dynamic";

/** Signed-out visitors go to sign-in; members go to their first project (labelers to its queues); others to the list. */
export default async function Home() {
  const session = await currentSession();
  if (!session) redirect("/sign-in");
  const projects = await services().projects.listForUser(session.userId);
  const first = projects[0];
  redirect(first ? `/p/${first.id}/${first.role === "labeler" ? "labeling" : "overview"}` : "/projects");
}
