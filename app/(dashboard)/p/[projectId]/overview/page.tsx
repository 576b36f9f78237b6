import type { Metadata } from "next";
import { QualityOverview } from "@/components/quality/quality-overview";

export const metadata: Metadata = { title: "Overview" };

export default async function Page({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  return <QualityOverview projectId={projectId} />;
}
