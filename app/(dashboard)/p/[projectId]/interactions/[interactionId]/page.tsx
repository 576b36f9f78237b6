import type { Metadata } from "next";
import { InteractionDetail } from "@/components/interactions/interaction-detail";

export const metadata: Metadata = { title: "Interaction" };

export default async function Page({ params }: { params: Promise<{ projectId: string; interactionId: string }> }) {
  const { projectId, interactionId } = await params;
  return <InteractionDetail projectId={projectId} interactionId={interactionId} />;
}
