import type { Metadata } from "next";
import { InstanceAdminsPage } from "@/components/admin/instance-admins-page";

export const metadata: Metadata = { title: "Instance admins" };

export default function Page() {
  return <InstanceAdminsPage />;
}
