import type { Metadata } from "next";
import { LabelingHome } from "@/components/labeling/labeling-home";

export const metadata: Metadata = { title: "Labeling" };

export default async function Page({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  return <LabelingHome projectId={projectId} />;
}
