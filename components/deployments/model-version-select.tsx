"use client";

import { useQuery } from "@tanstack/react-query";
import type { SelectHTMLAttributes } from "react";
import { Select } from "@/components/ui/field";
import { useTRPC } from "@/components/trpc";

/**
 * A form select of the project's model versions, with a first option for "none in particular". Other props (the
 * id and aria attributes a Field gives its control) go to the select.
 */
export function ModelVersionSelect({
  projectId,
  emptyLabel,
  ...props
}: { projectId: string; name: string; emptyLabel: string } & SelectHTMLAttributes<HTMLSelectElement>) {
  const trpc = useTRPC();
  const models = useQuery(trpc.deployments.list.queryOptions({ projectId }));
  return (
    <Select defaultValue="" {...props}>
      <option value="">{emptyLabel}</option>
      {(models.data ?? []).map((m) => (
        <option key={m.id} value={m.id}>
          {m.name}
        </option>
      ))}
    </Select>
  );
}
