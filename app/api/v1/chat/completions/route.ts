import { after } from "next/server";
import { gatewayHandler } from "@/server/http/gateway-route";

export const dynamic = "force-dynamic";

// Recording runs after the response; a stream that ends later records outside the request scope, in the background.
function defer(task: () => Promise<void>) {
  try {
    after(task);
  } catch {
    void task();
  }
}

export function POST(req: Request) {
  return gatewayHandler(defer).chatCompletions(req);
}
