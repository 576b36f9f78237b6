"use client";

import { useQuery } from "@tanstack/react-query";
import { PageHeader } from "@/components/ui/page-header";
import { ErrorNote, Loading } from "@/components/ui/status";
import { errorMessage } from "@/components/ui/errors";
import { useTRPC } from "@/components/trpc";
import { ProjectSettingsForm } from "./project-settings-form";
import { RenameProject } from "./rename-project";

export function SettingsPage({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const project = useQuery(trpc.projects.get.queryOptions({ projectId }));
  if (project.isPending) return <Loading />;
  if (project.isError) return <ErrorNote>{errorMessage(project.error)}</ErrorNote>;
  const isAdmin = project.data.role === "admin";
  return (
    <div className="space-y-6">
      <PageHeader title="Settings" description="Project name, timing profile, windows and thresholds." />
      {isAdmin ? <RenameProject projectId={projectId} name={project.data.name} /> : null}
      <ProjectSettingsForm projectId={projectId} canEdit={isAdmin} />
    </div>
  );
}
