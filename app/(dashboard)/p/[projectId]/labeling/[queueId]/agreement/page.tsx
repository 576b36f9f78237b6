import type { Metadata } from "next";
import { AgreementPage } from "@/components/labeling/agreement-page";

export const metadata: Metadata = { title: "Agreement" };

export default async function Page({ params }: { params: Promise<{ projectId: string; queueId: string }> }) {
  const { projectId, queueId } = await params;
  return <AgreementPage projectId={projectId} queueId={queueId} />;
}
