// A judge worker in its own process, for the crash test (evaluation.int.test.ts): scores the project's backlog
// until nothing is pending, then exits 0. The test SIGKILLs one mid-backlog and starts another.
import { closeDb, createDb } from "../db";
import { createServices } from "../services";

const db = createDb(process.env.TEST_DB_URL!, 4);
const services = createServices({ db, encryptionKey: process.env.ENCRYPTION_KEY! });
const projectId = process.env.PROJECT_ID!;
const leaseSeconds = Number(process.env.LEASE_SECONDS ?? 120);

while ((await db.judgeScore.count({ where: { projectId, status: "pending" } })) > 0 || !(await scannedAll())) {
  const run = await services.evaluation.runProject(projectId, { concurrency: 8, leaseSeconds });
  if (run.scored + run.unparseable + run.failed === 0) await new Promise((r) => setTimeout(r, 250));
}
await closeDb(db);

/** The first run queues the backlog; until then nothing is pending yet. */
async function scannedAll() {
  return (await db.judgeScore.count({ where: { projectId } })) > 0;
}
