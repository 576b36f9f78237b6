import { Card } from "@/components/ui/card";

interface Rubric {
  version: number;
  criteria: Array<{ name: string; description: string; scale: string }>;
  failureCategories: string[];
  examples: Array<{ input: string; output: string; verdict: string; note?: string }>;
  notes?: string;
}

/** The rubric on screen while labeling: criteria, the numbered failure categories, notes and worked examples. */
export function RubricPanel({ rubric, kind }: { rubric: Rubric | null; kind: string }) {
  if (!rubric) {
    return (
      <Card title="Rubric">
        <p className="text-sm text-zinc-500">
          {kind === "pairwise"
            ? "Prefer the answer that is more correct, complete and helpful."
            : "This queue has no rubric."}
        </p>
      </Card>
    );
  }
  return (
    <Card title={`Rubric (version ${rubric.version})`}>
      <ol className="list-decimal space-y-2 pl-5 text-sm">
        {rubric.criteria.map((c) => (
          <li key={c.name}>
            <span className="font-medium">{c.name}</span>{" "}
            <span className="text-xs text-zinc-500">({c.scale === "pass_fail" ? "pass/fail" : "1–5"})</span>
            <p className="text-zinc-600 dark:text-zinc-300">{c.description}</p>
          </li>
        ))}
      </ol>
      {kind === "pointwise" ? (
        <div className="mt-3 text-sm">
          <p className="text-xs text-zinc-500">Scores 3–5 pass; 1–2 fail, with a category:</p>
          <ol className="mt-1 list-decimal pl-5">
            {rubric.failureCategories.map((c) => (
              <li key={c}>{c.replace(/_/g, " ")}</li>
            ))}
          </ol>
        </div>
      ) : null}
      {rubric.notes ? (
        <p className="mt-3 whitespace-pre-wrap text-xs text-zinc-600 dark:text-zinc-300">{rubric.notes}</p>
      ) : null}
      {rubric.examples.length > 0 ? (
        <details className="mt-3 text-xs">
          <summary className="cursor-pointer text-zinc-500">Worked examples ({rubric.examples.length})</summary>
          <ul className="mt-2 space-y-2">
            {rubric.examples.map((e, i) => (
              <li key={i} className="rounded bg-zinc-50 p-2 dark:bg-zinc-800/60">
                <p>
                  <strong>Q:</strong> {e.input}
                </p>
                <p>
                  <strong>A:</strong> {e.output}
                </p>
                <p>
                  <strong>{e.verdict}</strong>
                  {e.note ? ` — ${e.note}` : ""}
                </p>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </Card>
  );
}
