import { gatewayHandler } from "@/server/http/gateway-route";
import { defer } from "../../_lib/defer";

export const dynamic = "force-dynamic";

export function POST(req: Request) {
  return gatewayHandler(defer).chatCompletions(req);
}
