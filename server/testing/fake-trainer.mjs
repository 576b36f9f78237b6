// A stand-in trainer for tests of the `command` fine-tune backend: speaks the JSON-lines protocol.
// usage: node fake-trainer.mjs <succeed|fail|crash|hang> <data file> <out dir>
import { existsSync, readFileSync } from "node:fs";

const [mode, data, out] = process.argv.slice(2);
const rows = existsSync(data) ? readFileSync(data, "utf8").split("\n").filter(Boolean).length : 0;
console.log(`loaded ${rows} rows from ${data}`);
const total = 5;
for (let step = 1; step <= total; step++) {
  console.log(JSON.stringify({ step, total, loss: 2 / step }));
  await new Promise((r) => setTimeout(r, mode === "hang" ? 60_000 : 20));
}
if (mode === "succeed") {
  console.log(
    JSON.stringify({
      status: "succeeded",
      adapter: `${out}/adapter`,
      endpoint: { baseUrl: "http://127.0.0.1:9/v1", model: "support-lora" },
    }),
  );
} else if (mode === "fail") {
  console.error("CUDA out of memory");
  console.log(JSON.stringify({ status: "failed", error: "CUDA out of memory" }));
  process.exit(1);
} else {
  throw new Error("trainer crashed");
}
