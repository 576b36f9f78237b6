import type { Metadata } from "next";
import { SignalsOverview } from "@/components/signals/signals-overview";

export const metadata: Metadata = { title: "Signals" };

export default async function Page({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  return <SignalsOverview projectId={projectId} />;
}
