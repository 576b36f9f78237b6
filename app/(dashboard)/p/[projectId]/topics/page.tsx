import type { Metadata } from "next";
import { TopicsPage } from "@/components/topics/topics-page";

export const metadata: Metadata = { title: "Topics" };

export default async function Page({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  return <TopicsPage projectId={projectId} />;
}
