// Runs once when the Next.js server starts. The check itself lives in a Node-only module (process.exit is not
// available in the Edge runtime).
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { checkEnvOrExit } = await import("./server/env-check");
    checkEnvOrExit();
  }
}
