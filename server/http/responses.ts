/** JSON error bodies of the public REST API: { error: { code, message } }. */
export function jsonError(status: number, code: string, message: string, headers: HeadersInit = {}): Response {
  return Response.json({ error: { code, message } }, { status, headers });
}
