import { services } from "@/server/services";

export const dynamic = "force-dynamic";

/** Liveness for load balancers and the launcher: database reachability and the worker's last heartbeat. */
export async function GET() {
  const report = await services().health.report();
  return Response.json(report, { status: report.database.ok ? 200 : 503, headers: { "cache-control": "no-store" } });
}
