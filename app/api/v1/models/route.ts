import { after } from "next/server";
import { gatewayHandler } from "@/server/http/gateway-route";

export const dynamic = "force-dynamic";

export function GET(req: Request) {
  return gatewayHandler((task) => after(task)).models(req);
}
