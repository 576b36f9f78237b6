"use client";

import { useQuery } from "@tanstack/react-query";
import { PageHeader } from "@/components/ui/page-header";
import { canSee } from "@/components/shell/roles";
import { useTRPC } from "@/components/trpc";
import { Judges } from "./judges-card";
import { Rubrics } from "./rubrics-card";

export function EvaluationPage({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const me = useQuery(trpc.projects.get.queryOptions({ projectId }));
  const canEdit = me.data ? canSee(me.data.role, "ml_lead") : false;
  return (
    <div className="space-y-6">
      <PageHeader
        title="Evaluation"
        description="Rubrics and the LLM judges that score answers online. Verdicts that do not parse are kept as unparseable, never guessed; a judge that keeps failing pauses itself and says why."
      />
      <Rubrics projectId={projectId} canEdit={canEdit} />
      <Judges projectId={projectId} canEdit={canEdit} />
    </div>
  );
}
