// The demo world sits beside the product: no product code imports server/simulation except server/plugins.ts, the
// one line that installs it. Deleting the folder and that line leaves a product that builds (tests that exercise
// the demo world's provider are the demo's own, and go with it).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");
// `import … from "x"`, `export … from "x"`, `import "x"` and `import("x")`.
const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^;]*?from\s+["']([^"']+)["']|\bimport\s*\(?\s*["']([^"']+)["']/g;

function sources(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) return rel === "server/db/generated" ? [] : sources(rel);
    return /\.(ts|tsx|mjs)$/.test(entry.name) ? [rel] : [];
  });
}

describe("the demo world's boundary", () => {
  it("is imported by server/plugins.ts only", () => {
    const offenders: string[] = [];
    for (const file of ["app", "components", "server", "scripts"].flatMap(sources)) {
      if (file.startsWith("server/simulation/") || /\.(int\.)?test\.tsx?$/.test(file)) continue;
      const text = readFileSync(path.join(root, file), "utf8");
      for (const m of text.matchAll(IMPORT)) {
        const target = path.join(path.dirname(file), m[1] ?? m[2]!);
        if (target.startsWith("server/simulation") && file !== "server/plugins.ts")
          offenders.push(`${file} → ${target}`);
      }
    }
    expect(offenders).toEqual([]);
    // And the installer does import it (the check above would pass trivially if the pattern found nothing).
    const plugins = readFileSync(path.join(root, "server/plugins.ts"), "utf8");
    expect([...plugins.matchAll(IMPORT)].map((m) => m[1] ?? m[2])).toContain("./simulation/provider");
  });
});
