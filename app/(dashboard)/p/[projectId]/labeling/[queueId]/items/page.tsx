import type { Metadata } from "next";
import { QueueItems } from "@/components/labeling/queue-items";

export const metadata: Metadata = { title: "Queue items" };

export default async function Page({ params }: { params: Promise<{ projectId: string; queueId: string }> }) {
  const { projectId, queueId } = await params;
  return <QueueItems projectId={projectId} queueId={queueId} />;
}
