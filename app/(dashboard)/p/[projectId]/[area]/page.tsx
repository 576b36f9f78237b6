import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AreaPlaceholder, areaTitle, isArea } from "@/components/shell/area-placeholder";

// The areas whose screens arrive with later issues share this route; each gets its own page when it ships.
type Props = { params: Promise<{ area: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { area } = await params;
  return { title: isArea(area) ? areaTitle(area) : "Not found" };
}

export default async function AreaPage({ params }: Props) {
  const { area } = await params;
  if (!isArea(area)) notFound();
  return <AreaPlaceholder area={area} />;
}
