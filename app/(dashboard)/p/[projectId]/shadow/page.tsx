import type { Metadata } from "next";
import { ShadowPage } from "@/components/shadow/shadow-page";

export const metadata: Metadata = { title: "Shadow" };

export default async function Page({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  return <ShadowPage projectId={projectId} />;
}
