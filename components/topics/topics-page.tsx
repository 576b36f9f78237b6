"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { CountBarChart } from "@/components/charts/count-bar-chart";
import { MetricLineChart } from "@/components/charts/metric-line-chart";
import { formatSeconds } from "@/components/settings/settings-fields";
import { canSee } from "@/components/shell/roles";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { errorMessage } from "@/components/ui/errors";
import { Input, Select } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { Stat } from "@/components/ui/stat";
import { Badge, ErrorNote, Loading } from "@/components/ui/status";
import { Table } from "@/components/ui/table";
import { useTRPC } from "@/components/trpc";
import { pct } from "@/server/format";

const pp = (x: number) => `${x >= 0 ? "+" : ""}${(x * 100).toFixed(1)} pp`;

function Rename({
  projectId,
  topicId,
  label,
  onDone,
}: {
  projectId: string;
  topicId: string;
  label: string;
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const [value, setValue] = useState(label);
  const rename = useMutation(trpc.topics.rename.mutationOptions({ onSuccess: onDone }));
  return (
    <form
      className="flex items-center gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        rename.mutate({ projectId, topicId, label: value });
      }}
    >
      <Input
        aria-label="Topic name"
        className="w-56"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        autoFocus
      />
      <Button type="submit" disabled={rename.isPending || !value.trim()}>
        Save
      </Button>
      <Button type="button" variant="secondary" onClick={onDone}>
        Cancel
      </Button>
      {rename.error ? <span className="text-xs text-red-600">{errorMessage(rename.error)}</span> : null}
    </form>
  );
}

/**
 * The slow signal: what users ask about, how the mix moves window over window (Jensen–Shannon divergence, the top
 * movers, emerging topics) and each topic's quality. Admins rename and merge topics; ML leads re-cluster on demand.
 */
export function TopicsPage({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useQuery(trpc.projects.get.queryOptions({ projectId }));
  const lead = me.data ? canSee(me.data.role, "ml_lead") : false;
  const admin = me.data ? canSee(me.data.role, "admin") : false;
  // While a requested re-clustering has not finished, the page polls for it.
  const [waitingSince, setWaitingSince] = useState<number | null>(null);
  const overview = useQuery(
    trpc.topics.overview.queryOptions({ projectId }, { refetchInterval: waitingSince ? 3000 : 30_000 }),
  );
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.topics.overview.queryKey({ projectId }) });
  const recluster = useMutation(
    trpc.topics.reclusterNow.mutationOptions({
      onSuccess: (result) => {
        // The server's clock: the run it queued starts after this.
        setWaitingSince(result.requestedAt.getTime());
        void refresh();
      },
    }),
  );
  const merge = useMutation(
    trpc.topics.merge.mutationOptions({
      onSuccess: () => {
        setSelected([]);
        void refresh();
      },
    }),
  );
  const [renaming, setRenaming] = useState<string | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const [into, setInto] = useState("");

  const data = overview.data;
  const span = data ? formatSeconds(data.windowSeconds) : "";
  const lastRun = data?.runs[0];
  const requestDone =
    waitingSince !== null &&
    (data?.runs ?? []).some(
      (r) => r.trigger === "manual" && r.startedAt.getTime() >= waitingSince && r.status !== "running",
    );
  useEffect(() => {
    if (requestDone) setWaitingSince(null);
  }, [requestDone]);
  const runStats = lastRun?.stats as { moved?: number; created?: number; merged?: number; ms?: number } | undefined;
  const labelOf = (id: string) => data?.topics.find((t) => t.id === id)?.label ?? id;
  const target = selected.includes(into) ? into : (selected[0] ?? "");

  return (
    <div className="space-y-6">
      <PageHeader
        title="Topics"
        description="Queries are grouped into topics as they arrive and re-clustered on a schedule (near-duplicates merged, drifted queries moved, a launch's questions gathered by the new words they share, names from each topic's distinctive terms or by the project's judge model). The mix is compared with the previous window."
        actions={
          lead ? (
            <Button
              variant="secondary"
              onClick={() => recluster.mutate({ projectId })}
              disabled={recluster.isPending || waitingSince !== null}
            >
              {recluster.isPending || waitingSince !== null ? "Re-clustering…" : "Re-cluster now"}
            </Button>
          ) : null
        }
      />
      {recluster.error ? <ErrorNote>{errorMessage(recluster.error)}</ErrorNote> : null}
      {waitingSince !== null ? (
        <p role="status" className="text-sm text-zinc-500">
          Re-clustering in the worker; this page updates when it finishes.
        </p>
      ) : null}
      {overview.isPending ? <Loading /> : null}
      {overview.isError ? <ErrorNote>{errorMessage(overview.error)}</ErrorNote> : null}
      {data && data.topics.length === 0 ? (
        <EmptyState title="No topics yet">
          <p>Topics appear as the worker processes English queries.</p>
        </EmptyState>
      ) : null}
      {data && data.topics.length > 0 ? (
        <>
          <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
            <Stat label="Topics" value={String(data.topics.length)} hint="live (merged ones excluded)" />
            <Stat
              label="Queries"
              value={data.currentTotal.toLocaleString()}
              hint={`last ${span}; ${data.previousTotal.toLocaleString()} the ${span} before`}
            />
            <Stat
              label="Topic shift"
              value={data.jsd === null ? "—" : `${data.jsd.toFixed(3)} bits`}
              muted={!data.jsdReliable}
              hint={
                `Jensen–Shannon divergence (0 = same mix, 1 = disjoint) from n = ${data.currentTotal.toLocaleString()} ` +
                `vs ${data.previousTotal.toLocaleString()} queries` +
                (data.jsdReliable ? "" : ` — too few to trust (fewer than ${data.shiftMinCount} in a window)`)
              }
            />
            <Stat
              label="Emerging"
              value={String(data.topics.filter((t) => t.emerging).length)}
              hint="new this window, or share grew significantly"
            />
          </div>
          <p className="text-xs text-zinc-500">
            {lastRun
              ? `Last re-clustering ${lastRun.startedAt.toLocaleString()} (${lastRun.trigger}): ${lastRun.status}${
                  lastRun.status === "succeeded" && runStats
                    ? ` — ${runStats.moved ?? 0} moved, ${runStats.created ?? 0} new, ${runStats.merged ?? 0} merged in ${runStats.ms ?? 0} ms`
                    : lastRun.error
                      ? ` — ${lastRun.error}`
                      : ""
                }.`
              : "Not re-clustered yet."}
          </p>
          <div className="grid gap-6 lg:grid-cols-2">
            <Card title="Topic shift over time" description={`Divergence of each ${span} from the one before.`}>
              <MetricLineChart
                data={data.history.map((h) => ({ at: h.end, jsd: h.jsd }))}
                series={[{ key: "jsd", label: "JSD (bits)", color: "#7c3aed" }]}
                formatTime={(d) => d.toLocaleDateString(undefined, { month: "short", day: "numeric", hour: "2-digit" })}
                formatValue={(v) => v.toFixed(2)}
                domain={[0, Math.max(0.1, ...data.history.map((h) => h.jsd ?? 0))]}
              />
            </Card>
            <Card title="Top movers" description="Change in share of queries, this window against the previous one.">
              {data.movers.length === 0 ? (
                <p className="text-sm text-zinc-500">No change to show (a window is empty).</p>
              ) : (
                <CountBarChart
                  data={data.movers.map((m) => ({
                    label: m.label,
                    count: m.shareNow - m.sharePrevious,
                    color: m.shareNow >= m.sharePrevious ? "#d97706" : "#0284c7",
                  }))}
                  formatValue={pp}
                />
              )}
            </Card>
          </div>
          <Card
            title="All topics"
            description={`Volume, share and quality over the last ${span} (pass rate from the judge, negative user signals).`}
            actions={
              admin && selected.length >= 2 ? (
                <div className="flex flex-wrap items-center gap-2">
                  <span className="text-sm">Merge {selected.length} topics into</span>
                  <Select aria-label="Merge into" value={target} onChange={(e) => setInto(e.target.value)}>
                    {selected.map((id) => (
                      <option key={id} value={id}>
                        {labelOf(id)}
                      </option>
                    ))}
                  </Select>
                  <Button
                    disabled={merge.isPending}
                    onClick={() => {
                      const others = selected.filter((id) => id !== target);
                      const what = `Merge ${others.map(labelOf).join(", ")} into "${labelOf(target)}"? Their queries move there, the dashboards' rollups of those hours are rebuilt, and the merged topics disappear from this list.`;
                      if (window.confirm(what)) merge.mutate({ projectId, intoId: target, fromIds: others });
                    }}
                  >
                    {merge.isPending ? "Merging…" : "Merge"}
                  </Button>
                </div>
              ) : null
            }
          >
            {merge.error ? <ErrorNote>{errorMessage(merge.error)}</ErrorNote> : null}
            <Table
              columns={[
                ...(admin ? [""] : []),
                "Topic",
                "Distinctive terms",
                "Queries",
                "Share (before)",
                "Pass rate",
                "Negative signals",
                "First seen",
                ...(admin ? [""] : []),
              ]}
            >
              {data.topics.map((t) => (
                <tr key={t.id}>
                  {admin ? (
                    <td className="py-2 pr-2">
                      <input
                        type="checkbox"
                        aria-label={`Select ${t.label}`}
                        checked={selected.includes(t.id)}
                        onChange={(e) =>
                          setSelected((s) => (e.target.checked ? [...s, t.id] : s.filter((x) => x !== t.id)))
                        }
                      />
                    </td>
                  ) : null}
                  <td className="py-2 pr-4">
                    {renaming === t.id ? (
                      <Rename
                        projectId={projectId}
                        topicId={t.id}
                        label={t.label}
                        onDone={() => {
                          setRenaming(null);
                          void refresh();
                        }}
                      />
                    ) : (
                      <span className="flex flex-wrap items-center gap-2">
                        <span className="font-medium">{t.label}</span>
                        {t.labelModel ? (
                          <span className="text-xs text-zinc-500" title="Named by the project's judge model">
                            named by {t.labelModel}
                          </span>
                        ) : t.labelSource === "admin" ? (
                          <span className="text-xs text-zinc-500">renamed by hand</span>
                        ) : null}
                        {t.emerging ? (
                          <Badge tone="warn">
                            {t.emerging.reason === "new" ? "emerging: new" : "emerging: growing"}
                          </Badge>
                        ) : null}
                      </span>
                    )}
                  </td>
                  <td className="pr-4 text-xs text-zinc-500">{t.terms.join(", ")}</td>
                  <td className="pr-4 tabular-nums">{t.current.toLocaleString()}</td>
                  <td className="pr-4 tabular-nums">
                    {pct(t.shareNow)} <span className="text-xs text-zinc-500">({pct(t.sharePrevious)})</span>
                  </td>
                  <td className="pr-4 tabular-nums">{pct(t.passRate)}</td>
                  <td className="pr-4 tabular-nums">{pct(t.negativeRate)}</td>
                  <td className="pr-4 text-xs text-zinc-500">
                    {t.firstSeenAt ? t.firstSeenAt.toLocaleDateString() : "—"}
                  </td>
                  {admin ? (
                    <td>
                      {renaming === t.id ? null : (
                        <button
                          type="button"
                          className="text-xs text-brand-600 hover:underline"
                          onClick={() => setRenaming(t.id)}
                        >
                          Rename
                        </button>
                      )}
                    </td>
                  ) : null}
                </tr>
              ))}
            </Table>
          </Card>
        </>
      ) : null}
    </div>
  );
}
