// `npm run import -- <format> <file> [--judge <file>] [--project <id>] [--name <queue name>]`
//   interactions: history through the ingest API (needs TIGHTLOOP_API_KEY; see scripts/lib/import-interactions.ts)
//   jsonl | pandalm | llmbar: items with per-annotator labels, judge verdicts and gold answers into a new labeling
//   queue (the Demo project unless --project), then the queue's agreement figures on one line.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { importInteractions } from "./import-interactions";
import { openLocalDatabase } from "../launcher/local-database";
import { importLine } from "../../server/modules/labeling/import.service";
import { IMPORT_FORMATS } from "../../server/modules/labeling/labeling.schema";

const usage = `usage: npm run import -- interactions <file.jsonl>
       npm run import -- <jsonl|pandalm|llmbar> <file> [--judge <file>] [--project <id>] [--name <queue name>]`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { judge: { type: "string" }, project: { type: "string" }, name: { type: "string" } },
});
const [format, file] = positionals;
if (!format || !file) {
  console.error(usage);
  process.exit(2);
}
if (format === "interactions") process.exit(await importInteractions(file));
if (!(IMPORT_FORMATS as readonly string[]).includes(format)) {
  console.error(`unknown format "${format}"\n${usage}`);
  process.exit(2);
}

const read = (f: string) => {
  try {
    return readFileSync(f, "utf8");
  } catch (error) {
    console.error(`cannot read ${f}: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  }
};
const content = read(file);
const judgeContent = values.judge ? read(values.judge) : undefined;
const log = (line: string) => console.log(`[import] ${line}`);
const local = await openLocalDatabase(log);
let code = 0;
try {
  const projectId = values.project ?? (await local.services.projects.demoProjectId());
  if (!projectId) throw new Error("no --project given and there is no Demo project");
  const summary = await local.services.labelImport.importLabels(
    projectId,
    {
      format: format as (typeof IMPORT_FORMATS)[number],
      content,
      ...(judgeContent ? { judgeContent } : {}),
      ...(values.name ? { name: values.name } : {}),
    },
    null,
  );
  log(`queue “${summary.queueName}” (${summary.queueId}) in project ${projectId}`);
  console.log(importLine(summary));
} catch (error) {
  console.error(`import failed: ${error instanceof Error ? error.message : String(error)}`);
  code = 1;
} finally {
  await local.close();
}
process.exit(code);
