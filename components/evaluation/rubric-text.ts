// The rubric form's text fields ⇄ the rubric's structure. One criterion per line: "Name | pass_fail or 1-5 |
// what the judge checks". Categories are comma-separated.

export interface CriterionDraft {
  name: string;
  scale: "pass_fail" | "1-5";
  description: string;
}

export function parseCriteria(text: string): { criteria: CriterionDraft[]; error: string | null } {
  const criteria: CriterionDraft[] = [];
  const lines = text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  for (const [i, line] of lines.entries()) {
    const [name, scale, ...rest] = line.split("|").map((p) => p.trim());
    const description = rest.join("|").trim();
    if (!name || !description || (scale !== "pass_fail" && scale !== "1-5")) {
      return { criteria: [], error: `Line ${i + 1}: write "Name | pass_fail or 1-5 | what the judge checks"` };
    }
    criteria.push({ name, scale, description });
  }
  if (criteria.length === 0) return { criteria, error: "Add at least one criterion" };
  return { criteria, error: null };
}

export const criteriaText = (criteria: CriterionDraft[]) =>
  criteria.map((c) => `${c.name} | ${c.scale} | ${c.description}`).join("\n");

export const parseCategories = (text: string) =>
  text
    .split(",")
    .map((c) => c.trim())
    .filter(Boolean);
