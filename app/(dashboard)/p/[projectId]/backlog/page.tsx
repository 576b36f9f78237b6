import type { Metadata } from "next";
import { BacklogPage } from "@/components/topics/backlog-page";

export const metadata: Metadata = { title: "Retraining backlog" };

export default async function Page({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  return <BacklogPage projectId={projectId} />;
}
