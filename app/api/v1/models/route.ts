import { gatewayHandler } from "@/server/http/gateway-route";
import { defer } from "../_lib/defer";

export const dynamic = "force-dynamic";

export function GET(req: Request) {
  return gatewayHandler(defer).models(req);
}
