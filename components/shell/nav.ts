import type { ProjectRole } from "@/server/modules/auth/roles";

export interface NavItem {
  href: string;
  label: string;
  minimum: ProjectRole;
}

/** The areas of a project, in the order of the loop; admin pages sit below a divider. */
export const PROJECT_NAV: NavItem[] = [
  { href: "overview", label: "Overview", minimum: "viewer" },
  { href: "alerts", label: "Alerts", minimum: "viewer" },
  { href: "interactions", label: "Interactions", minimum: "viewer" },
  { href: "signals", label: "Signals", minimum: "viewer" },
  { href: "topics", label: "Topics", minimum: "viewer" },
  { href: "evaluation", label: "Evaluation", minimum: "viewer" },
  { href: "labeling", label: "Labeling", minimum: "viewer" },
  { href: "fine-tunes", label: "Fine-tunes", minimum: "viewer" },
  { href: "backlog", label: "Backlog", minimum: "viewer" },
  { href: "shadow", label: "Shadow", minimum: "viewer" },
  { href: "deployments", label: "Deployments", minimum: "viewer" },
  { href: "latency", label: "Latency", minimum: "viewer" },
  { href: "settings", label: "Settings", minimum: "viewer" },
];

export const ADMIN_NAV: NavItem[] = [
  { href: "settings/members", label: "Members", minimum: "admin" },
  { href: "settings/api-keys", label: "API keys", minimum: "admin" },
  { href: "audit", label: "Audit log", minimum: "admin" },
];
