import { ingestHandler } from "@/server/http/ingest-route";

export const dynamic = "force-dynamic";

export function POST(req: Request) {
  return ingestHandler().post(req);
}

export function OPTIONS(req: Request) {
  return ingestHandler().preflight(req);
}
