"use client";

import { useQuery } from "@tanstack/react-query";
import { Select } from "@/components/ui/field";
import { useTRPC } from "@/components/trpc";

/** A form select of the project's model versions, with a first option for "none in particular". */
export function ModelVersionSelect({
  projectId,
  name,
  emptyLabel,
}: {
  projectId: string;
  name: string;
  emptyLabel: string;
}) {
  const trpc = useTRPC();
  const models = useQuery(trpc.models.list.queryOptions({ projectId }));
  return (
    <Select name={name} defaultValue="">
      <option value="">{emptyLabel}</option>
      {(models.data ?? []).map((m) => (
        <option key={m.id} value={m.id}>
          {m.name}
        </option>
      ))}
    </Select>
  );
}
