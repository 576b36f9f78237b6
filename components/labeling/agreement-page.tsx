"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import Link from "next/link";
import { MetricLineChart } from "@/components/charts/metric-line-chart";
import { Card } from "@/components/ui/card";
import { Select } from "@/components/ui/field";
import { errorMessage } from "@/components/ui/errors";
import { PageHeader } from "@/components/ui/page-header";
import { Stat } from "@/components/ui/stat";
import { Badge, ErrorNote, Loading } from "@/components/ui/status";
import { Table } from "@/components/ui/table";
import { useTRPC } from "@/components/trpc";
import { agreementBand, figureHint, fmtNumber, fmtShare, labelName, type FigureLike } from "./agreement-format";

function FigureStat({ label, figure, share = false }: { label: string; figure: FigureLike; share?: boolean }) {
  return (
    <Stat
      label={label}
      value={share ? fmtShare(figure.value) : fmtNumber(figure.value)}
      hint={figureHint(figure, share)}
    />
  );
}

/** The disagreement dashboard of one queue: how far humans agree, with whom, where, and how the judge compares. */
export function AgreementPage({ projectId, queueId }: { projectId: string; queueId: string }) {
  const trpc = useTRPC();
  const [rubricVersionId, setRubricVersionId] = useState("");
  const report = useQuery(
    trpc.labeling.agreement.queryOptions(
      { projectId, queueId, ...(rubricVersionId ? { rubricVersionId } : {}) },
      { refetchInterval: 60_000, placeholderData: keepPreviousData },
    ),
  );
  if (report.isPending) return <Loading label="Computing agreement…" />;
  if (report.isError) return <ErrorNote>{errorMessage(report.error)}</ErrorNote>;
  const r = report.data;
  const pointwise = r.queue.kind === "pointwise";
  const band = agreementBand(r.alphaNominal.value);

  return (
    <div className="space-y-6">
      <PageHeader
        title={`Agreement: ${r.queue.name}`}
        description={`${r.items} items (${r.labeledItems} labeled), ${r.labels} label${r.labels === 1 ? "" : "s"} from ${r.labelers.length} labeler${r.labelers.length === 1 ? "" : "s"}. Intervals are 95% percentile bootstraps over items.`}
        actions={
          <div className="flex gap-3 text-sm">
            <Link className="text-brand-600 hover:underline" href={`/p/${projectId}/labeling`}>
              All queues
            </Link>
          </div>
        }
      />
      {r.rubricVersions.length > 1 || rubricVersionId ? (
        <div className="flex items-center gap-2 text-sm">
          <label htmlFor="rubric-version">Labels given under</label>
          <Select
            id="rubric-version"
            className="w-auto"
            value={rubricVersionId}
            onChange={(e) => setRubricVersionId(e.target.value)}
          >
            <option value="">every rubric version</option>
            {r.rubricVersions.map((v) => (
              <option key={v.id} value={v.id}>
                rubric v{v.version} ({v.labels} labels)
              </option>
            ))}
          </Select>
        </div>
      ) : null}
      <div className="flex items-center gap-2 text-sm">
        Human agreement: <Badge tone={band.tone}>{band.label}</Badge>
        <span className="text-zinc-500">(Landis &amp; Koch bands on α)</span>
      </div>
      <section aria-label="Agreement figures" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <FigureStat
          label={pointwise ? "Krippendorff α (categories)" : "Krippendorff α (nominal)"}
          figure={r.alphaNominal}
        />
        <FigureStat label="Fleiss κ" figure={r.fleiss} />
        {pointwise ? <FigureStat label="Krippendorff α (ordinal scores)" figure={r.alphaOrdinal} /> : null}
        {pointwise ? <FigureStat label="Krippendorff α (interval scores)" figure={r.alphaInterval} /> : null}
        <FigureStat label="Judge vs humans: Cohen κ" figure={r.judge.kappa} />
        <FigureStat label="Judge agreement" figure={r.judge.agreement} share />
        <FigureStat label="Judge calibration error (ECE)" figure={r.judge.ece} />
        <Stat
          label="Unparseable judge verdicts"
          value={String(r.judge.unparseable)}
          hint={`of ${r.judge.verdicts} verdicts`}
        />
      </section>
      {r.overTime.length > 1 ? (
        <Card title="α over time" description="Krippendorff's α (nominal) per week of labeling.">
          <MetricLineChart
            data={r.overTime.map((w) => ({ at: w.weekStart, alpha: w.alpha }))}
            series={[{ key: "alpha", label: "α", color: "#6366f1" }]}
            formatTime={(d) => d.toLocaleDateString()}
            formatValue={(v) => v.toFixed(2)}
            domain={[0, 1]}
          />
        </Card>
      ) : null}
      <Card
        title="Labelers"
        description="Each labeler against the consensus and against gold items; Dawid–Skene's estimate of their accuracy."
      >
        <Table columns={["Labeler", "Labels", "With consensus", "With gold", "Dawid–Skene accuracy"]}>
          {r.labelers.map((l) => {
            const ds = r.dawidSkene?.labelers.find((d) => d.key === l.key);
            return (
              <tr key={l.key} className="border-t border-zinc-200 dark:border-zinc-800">
                <td className="py-2">{l.name}</td>
                <td className="tabular-nums">{l.labels}</td>
                <td className="tabular-nums">
                  {fmtShare(l.withConsensus.value)}{" "}
                  <span className="text-xs text-zinc-500">{figureHint(l.withConsensus, true)}</span>
                </td>
                <td className="tabular-nums">
                  {fmtShare(l.withGold.value)} <span className="text-xs text-zinc-500">n = {l.withGold.n}</span>
                </td>
                <td className="tabular-nums">{ds ? fmtShare(ds.accuracy) : "—"}</td>
              </tr>
            );
          })}
        </Table>
        {r.dawidSkene ? (
          <p className="mt-2 text-xs text-zinc-500">
            Dawid–Skene disagrees with the majority on {r.dawidSkene.differsFromMajority} item(s).
          </p>
        ) : null}
      </Card>
      {r.cohen.labelers.length > 1 ? (
        <Card
          title="Pairwise Cohen κ"
          description="Between every two labelers, on the items both labeled (n in brackets)."
        >
          <Table columns={["", ...r.cohen.labelers.map((l) => l.name)]}>
            {r.cohen.labelers.map((row, i) => (
              <tr key={row.key} className="border-t border-zinc-200 dark:border-zinc-800">
                <th scope="row" className="py-2 pr-2 text-left font-medium">
                  {row.name}
                </th>
                {r.cohen.labelers.map((col, j) => (
                  <td key={col.key} className="tabular-nums">
                    {i === j ? "—" : `${fmtNumber(r.cohen.kappa[i]![j]!, 2)} (${r.cohen.n[i]![j]})`}
                  </td>
                ))}
              </tr>
            ))}
          </Table>
        </Card>
      ) : null}
      {r.confusion.categories.length > 0 ? (
        <Card
          title="Confusion by category"
          description="Rows: the consensus (or gold) label; columns: what labelers chose."
        >
          <Table columns={["Consensus ↓ / label →", ...r.confusion.categories.map(labelName)]}>
            {r.confusion.categories.map((c, i) => (
              <tr key={c} className="border-t border-zinc-200 dark:border-zinc-800">
                <th scope="row" className="py-2 pr-2 text-left font-medium">
                  {labelName(c)}
                </th>
                {r.confusion.counts[i]!.map((n, j) => (
                  <td key={j} className={i === j ? "font-semibold tabular-nums" : "tabular-nums"}>
                    {n}
                  </td>
                ))}
              </tr>
            ))}
          </Table>
        </Card>
      ) : null}
    </div>
  );
}
