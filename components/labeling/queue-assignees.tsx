"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { FormError } from "@/components/ui/form-error";
import { useTRPC } from "@/components/trpc";
import { PeoplePicker } from "./people-picker";

/** Who labels in this queue (labelers see only the queues they are assigned to). */
export function QueueAssignees({
  projectId,
  queueId,
  assigneeIds,
}: {
  projectId: string;
  queueId: string;
  assigneeIds: string[];
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [value, setValue] = useState(assigneeIds);
  const save = useMutation(
    trpc.labeling.updateQueue.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.labeling.queue.queryKey({ projectId, queueId }) });
        void queryClient.invalidateQueries({ queryKey: trpc.labeling.queues.queryKey({ projectId }) });
      },
    }),
  );
  return (
    <Card title="Assignees">
      <PeoplePicker projectId={projectId} label="Labelers in this queue" value={value} onChange={setValue} />
      <div className="mt-3 flex items-center gap-3">
        <Button onClick={() => save.mutate({ projectId, queueId, assigneeIds: value })} disabled={save.isPending}>
          Save assignees
        </Button>
        {save.isSuccess ? (
          <span role="status" className="text-sm text-zinc-500">
            Saved.
          </span>
        ) : null}
      </div>
      <FormError error={save.error} />
    </Card>
  );
}
