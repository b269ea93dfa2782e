import type { IncomingMessage } from 'node:http';

/** Largest body the console accepts; a description is at most a few thousand characters. */
export const MAX_BODY_BYTES = 64 * 1024;

export class BodyError extends Error {
  constructor(message: string, readonly status: number) {
    super(message);
  }
}

const bodies = new WeakMap<IncomingMessage, Promise<unknown>>();

/**
 * Reads a form-encoded or JSON body into a plain object (unvalidated; the routes check it with zod). Read once per
 * request: the gate checks its CSRF token, then the route reads the same body.
 */
export function readBody(req: IncomingMessage): Promise<unknown> {
  let body = bodies.get(req);
  if (!body) {
    body = readBodyOnce(req);
    bodies.set(req, body);
  }
  return body;
}

async function readBodyOnce(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BodyError('body too large', 413);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/json') {
    try {
      return JSON.parse(text || '{}');
    } catch {
      throw new BodyError('invalid JSON', 400);
    }
  }
  if (type === 'application/x-www-form-urlencoded' || type === '') return Object.fromEntries(new URLSearchParams(text));
  throw new BodyError(`unsupported content type ${type}`, 415);
}

/** True when the caller asked for JSON (the console's script); plain form posts get a whole page back. */
export function wantsJson(req: IncomingMessage): boolean {
  return (req.headers.accept ?? '').includes('application/json');
}
