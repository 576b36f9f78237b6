// A judge worker in its own process, for the crash test (evaluation.int.test.ts): scores the project's backlog
// until nothing is pending, then exits 0. The test SIGKILLs one mid-backlog and starts another. Its settings come
// as one JSON argument (see spawn-judge-worker.ts).
import { closeDb, createDb } from "../db";
import { outboundPolicy } from "../net/outbound";
import { createServices } from "../services";

const { dbUrl, projectId, encryptionKey, leaseSeconds } = JSON.parse(process.argv[2]!) as {
  dbUrl: string;
  projectId: string;
  encryptionKey: string;
  leaseSeconds: number;
};
const db = createDb(dbUrl, 4);
// The fake judge listens on loopback.
const services = createServices({ db, encryptionKey, outbound: outboundPolicy({ allow: "127.0.0.1" }) });

/** The first run queues the backlog; until then nothing is pending yet. */
const scannedAll = async () => (await db.judgeScore.count({ where: { projectId } })) > 0;

while ((await db.judgeScore.count({ where: { projectId, status: "pending" } })) > 0 || !(await scannedAll())) {
  const run = await services.evaluation.runProject(projectId, { concurrency: 8, leaseSeconds });
  if (run.scored + run.unparseable + run.failed === 0) await new Promise((r) => setTimeout(r, 250));
}
await closeDb(db);
