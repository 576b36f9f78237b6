"use client";

import { useQuery } from "@tanstack/react-query";
import { signOut } from "next-auth/react";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { Badge } from "@/components/ui/status";
import { useTRPC } from "@/components/trpc";
import { ADMIN_NAV, PROJECT_NAV, type NavItem } from "./nav";
import { canSee, ROLE_LABELS } from "./roles";
import { ThemeToggle } from "./theme-toggle";

function NavLinks({
  items,
  base,
  pathname,
  onNavigate,
}: {
  items: NavItem[];
  base: string;
  pathname: string;
  onNavigate: () => void;
}) {
  return (
    <ul className="space-y-0.5">
      {items.map((item) => {
        const href = `${base}/${item.href}`;
        const active = pathname === href;
        return (
          <li key={item.href}>
            <Link
              href={href}
              onClick={onNavigate}
              aria-current={active ? "page" : undefined}
              className={cn(
                "block rounded-md px-3 py-1.5 text-sm",
                active
                  ? "bg-brand-50 font-medium text-brand-700 dark:bg-brand-700/20 dark:text-brand-100"
                  : "text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800",
              )}
            >
              {item.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

export function AppShell({ projectId, children }: { projectId: string; children: ReactNode }) {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const me = useQuery(trpc.me.get.queryOptions());
  const project = me.data?.projects.find((p) => p.id === projectId);
  const role = project?.role ?? "viewer";
  const base = `/p/${projectId}`;
  const adminItems = ADMIN_NAV.filter((i) => canSee(role, i.minimum));

  const sidebar = (
    <nav aria-label="Project" className="flex h-full flex-col gap-5 p-4">
      <Link href="/" className="text-lg font-bold tracking-tight text-brand-600">
        Tightloop
      </Link>
      <label className="block space-y-1">
        <span className="text-xs font-medium uppercase tracking-wide text-zinc-500">Project</span>
        <select
          aria-label="Switch project"
          className="w-full rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900"
          value={projectId}
          onChange={(e) => router.push(`/p/${e.target.value}/overview`)}
        >
          {(me.data?.projects ?? []).map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <NavLinks
        items={PROJECT_NAV.filter((i) => canSee(role, i.minimum))}
        base={base}
        pathname={pathname}
        onNavigate={() => setOpen(false)}
      />
      {adminItems.length > 0 ? (
        <div>
          <div className="mb-1 px-3 text-xs font-medium uppercase tracking-wide text-zinc-500">Admin</div>
          <NavLinks items={adminItems} base={base} pathname={pathname} onNavigate={() => setOpen(false)} />
        </div>
      ) : null}
      <div className="mt-auto space-y-2 border-t border-zinc-200 pt-4 text-sm dark:border-zinc-800">
        {me.data ? (
          <div className="space-y-1">
            <div className="truncate font-medium" title={me.data.user.email}>
              {me.data.user.name ?? me.data.user.email}
            </div>
            <Badge tone="brand">{ROLE_LABELS[role]}</Badge>
          </div>
        ) : null}
        <div className="flex flex-wrap items-center gap-1">
          {me.data?.user.isInstanceAdmin ? (
            <Link
              href="/projects"
              className="rounded-md px-2 py-1 text-xs text-zinc-600 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-800"
            >
              All projects
            </Link>
          ) : null}
          <ThemeToggle />
          <button
            type="button"
            onClick={() => void signOut({ callbackUrl: "/sign-in" })}
            className="rounded-md px-2 py-1 text-xs text-zinc-600 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-800"
          >
            Sign out
          </button>
        </div>
      </div>
    </nav>
  );

  return (
    <div className="min-h-screen lg:grid lg:grid-cols-[15rem_1fr]">
      <aside className="hidden border-r border-zinc-200 bg-white lg:block dark:border-zinc-800 dark:bg-zinc-900">
        <div className="sticky top-0 h-screen overflow-y-auto">{sidebar}</div>
      </aside>
      <div className="flex items-center justify-between border-b border-zinc-200 bg-white px-4 py-2 lg:hidden dark:border-zinc-800 dark:bg-zinc-900">
        <span className="font-bold text-brand-600">Tightloop</span>
        <button
          type="button"
          className="rounded-md border px-2 py-1 text-sm"
          aria-expanded={open}
          onClick={() => setOpen(!open)}
        >
          Menu
        </button>
      </div>
      {open ? (
        <div className="border-b border-zinc-200 bg-white lg:hidden dark:border-zinc-800 dark:bg-zinc-900">
          {sidebar}
        </div>
      ) : null}
      <main className="min-w-0 px-4 py-6 sm:px-8">
        {project?.isDemo ? (
          <p className="mb-4 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200">
            Demo project: the traffic here is <strong>simulated</strong>. Simulated users ask support questions through
            the gateway and react to simulated models (copy, rephrase, stop, edit, leave, come back); the topic mix
            drifts and a new topic appears. Start with <code>TIGHTLOOP_SIMULATOR_RATE=0</code> to stop it.
          </p>
        ) : null}
        {children}
      </main>
    </div>
  );
}
