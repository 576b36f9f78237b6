import type { Metadata } from "next";
import { LatencyPage } from "@/components/latency/latency-page";

export const metadata: Metadata = { title: "Feedback latency" };

export default async function Page({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  return <LatencyPage projectId={projectId} />;
}
