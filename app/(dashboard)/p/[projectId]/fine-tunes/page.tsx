import type { Metadata } from "next";
import { FineTunesPage } from "@/components/fine-tunes/fine-tunes-page";

export const metadata: Metadata = { title: "Fine-tunes" };

export default async function Page({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  return <FineTunesPage projectId={projectId} />;
}
