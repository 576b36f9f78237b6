"use client";

import { useQuery } from "@tanstack/react-query";
import { ROLE_LABELS } from "@/components/shell/roles";
import { Loading } from "@/components/ui/status";
import { useTRPC } from "@/components/trpc";

/** Checkboxes for the project's members who can label (labelers, ML leads, admins). */
export function PeoplePicker({
  projectId,
  label,
  value,
  onChange,
}: {
  projectId: string;
  label: string;
  value: string[];
  onChange: (ids: string[]) => void;
}) {
  const trpc = useTRPC();
  const people = useQuery(trpc.labeling.people.queryOptions({ projectId }));
  return (
    <fieldset className="space-y-1">
      <legend className="text-sm font-medium">{label}</legend>
      {people.isPending ? <Loading /> : null}
      <div className="flex flex-wrap gap-x-4 gap-y-1">
        {people.data?.map((p) => (
          <label key={p.id} className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={value.includes(p.id)}
              onChange={(e) => onChange(e.target.checked ? [...value, p.id] : value.filter((id) => id !== p.id))}
            />
            {p.name} <span className="text-xs text-zinc-500">({ROLE_LABELS[p.role]})</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
