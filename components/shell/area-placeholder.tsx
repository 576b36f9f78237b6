import type { ReactNode } from "react";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

// Each area of the loop before its data exists: what will appear there and how data gets in.
const AREAS = {
  latency: {
    title: "Feedback latency",
    description: "Per incident: time from failure to signal, labels, trained fix and deployment — the headline metric.",
    empty: "No incidents yet",
    body: (
      <>
        <p>
          Each incident records five timestamps (failure, signal, trigger, trained, deployed); this page shows each
          stage&apos;s duration and the total, and their distribution over time.
        </p>
        <p>Incidents open when a failure pattern reaches significance.</p>
      </>
    ),
  },
} satisfies Record<string, { title: string; description: string; empty: string; body: ReactNode }>;

export type Area = keyof typeof AREAS;

export function isArea(value: string): value is Area {
  return Object.hasOwn(AREAS, value);
}

export function areaTitle(area: Area): string {
  return AREAS[area].title;
}

export function AreaPlaceholder({ area }: { area: Area }) {
  const a = AREAS[area];
  return (
    <>
      <PageHeader title={a.title} description={a.description} />
      <EmptyState title={a.empty}>{a.body}</EmptyState>
    </>
  );
}
