import { redirect } from "next/navigation";
import { currentSession } from "@/server/auth/session";
import { services } from "@/server/services";

export const dynamic = "force-dynamic";

/** A project's front page by role: labelers land on their queues, everyone else on the Overview. */
export default async function ProjectIndex({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const session = await currentSession();
  const member = session ? await services().projects.membership(projectId, session.userId) : null;
  redirect(`/p/${projectId}/${member?.role === "labeler" ? "labeling" : "overview"}`);
}
