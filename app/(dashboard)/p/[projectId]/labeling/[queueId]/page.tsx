import type { Metadata } from "next";
import { Workbench } from "@/components/labeling/workbench";

export const metadata: Metadata = { title: "Label" };

export default async function Page({ params }: { params: Promise<{ projectId: string; queueId: string }> }) {
  const { projectId, queueId } = await params;
  return <Workbench projectId={projectId} queueId={queueId} />;
}
