// Runs a trainer command in this process's own group and takes the group down when the worker that started it is
// gone, however it went (SIGKILL included: this process is then re-parented and notices within a second). The
// worker spawns this detached and signals the whole group to cancel. Plain JavaScript, started with `node`.
import { spawn } from "node:child_process";

const [command, ...args] = process.argv.slice(2);
const parent = process.ppid;
const trainer = spawn(command, args, { stdio: "inherit" });

const killGroup = () => {
  try {
    process.kill(-process.pid, "SIGKILL");
  } catch {
    process.exit(137);
  }
};
setInterval(() => {
  if (process.ppid !== parent) killGroup();
}, 1000).unref();

trainer.on("error", (error) => {
  console.error(`could not start the trainer: ${error.message}`);
  process.exit(127);
});
trainer.on("exit", (code, signal) => {
  if (signal) process.kill(process.pid, signal);
  else process.exit(code ?? 1);
});
