import type { Metadata } from "next";
import { EvaluationPage } from "@/components/evaluation/evaluation-page";

export const metadata: Metadata = { title: "Evaluation" };

export default async function Page({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  return <EvaluationPage projectId={projectId} />;
}
