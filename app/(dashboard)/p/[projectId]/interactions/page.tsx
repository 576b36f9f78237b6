import type { Metadata } from "next";
import { Suspense } from "react";
import { InteractionsExplorer } from "@/components/interactions/interactions-explorer";

export const metadata: Metadata = { title: "Interactions" };

export default async function Page({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  return (
    <Suspense>
      <InteractionsExplorer projectId={projectId} />
    </Suspense>
  );
}
