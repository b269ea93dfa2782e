import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request as BotRequest } from 'botbuilder';

/** Activities are small (Teams caps messages near 28 KB); anything much larger is not from Teams. */
export const MAX_ACTIVITY_REQUEST_BYTES = 1024 * 1024;

export type ReadResult =
  | { ok: true; request: BotRequest }
  | { ok: false; status: number; error: string };

/**
 * The Teams adapter works on an express-like request with a parsed body. This reads the node:http request (bounded) and
 * parses it; a body that is not a JSON object is refused here with 400, an oversized one with 413.
 */
export async function readBotRequest(req: IncomingMessage, limit = MAX_ACTIVITY_REQUEST_BYTES): Promise<ReadResult> {
  if (req.method !== 'POST') return { ok: false, status: 405, error: 'method not allowed' };
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return { ok: false, status: 413, error: 'request too large' };
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return { ok: false, status: 413, error: 'request too large' };
    chunks.push(chunk as Buffer);
  }
  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return { ok: false, status: 400, error: 'body is not JSON' };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, status: 400, error: 'body is not an activity' };
  }
  return { ok: true, request: { method: 'POST', headers: req.headers as BotRequest['headers'], body: body as Record<string, unknown> } };
}

/** Writes a buffered answer (or Samband's own status) to the node:http response. */
export function writeBotResponse(res: ServerResponse, status: number, body: unknown): void {
  if (body === undefined || body === null || body === '') {
    res.writeHead(status);
    res.end();
    return;
  }
  const json = typeof body === 'string' ? JSON.stringify({ error: body }) : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(json);
}
