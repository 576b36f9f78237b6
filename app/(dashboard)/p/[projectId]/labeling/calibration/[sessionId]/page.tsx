import type { Metadata } from "next";
import { CalibrationSession } from "@/components/labeling/calibration-session";

export const metadata: Metadata = { title: "Calibration session" };

export default async function Page({ params }: { params: Promise<{ projectId: string; sessionId: string }> }) {
  const { projectId, sessionId } = await params;
  return <CalibrationSession projectId={projectId} sessionId={sessionId} />;
}
