// The fake judge in its own process (benchmarks: the judge is remote in real life, so it must not share the
// worker's event loop). Prints "ready <baseUrl>" once listening; DELAY_MS sets the fixed answer latency.
import { fakeJudge } from "./fake-judge";

const judge = await fakeJudge({ delayMs: Number(process.argv[2] ?? 200) });
console.log(`ready ${judge.baseUrl}`);
process.on("SIGTERM", () => void judge.close().then(() => process.exit(0)));
