import type { Metadata } from "next";
import { ModelRegistry } from "@/components/deployments/model-registry";

export const metadata: Metadata = { title: "Deployments" };

export default async function Page({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  return <ModelRegistry projectId={projectId} />;
}
