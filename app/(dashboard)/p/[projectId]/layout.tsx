import { notFound, redirect } from "next/navigation";
import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { currentSession } from "@/server/auth/session";
import { services } from "@/server/services";

export const dynamic = "force-dynamic";

export default async function ProjectLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ projectId: string }>;
}) {
  const { projectId } = await params;
  const session = await currentSession();
  if (!session) redirect(`/sign-in?callbackUrl=/p/${encodeURIComponent(projectId)}/overview`);
  // Non-members get the same 404 as a project that does not exist.
  if (!(await services().projects.membership(projectId, session.userId))) notFound();
  return <AppShell projectId={projectId}>{children}</AppShell>;
}
