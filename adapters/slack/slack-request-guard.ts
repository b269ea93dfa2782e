import type { IncomingMessage, ServerResponse } from 'node:http';
import { AuthorizationError, HTTPModuleFunctions, isValidSlackRequest, type ReceiverProcessEventErrorHandlerArgs } from '@slack/bolt';
import type { Logger } from '../../src/core/kernel/logger.port.ts';

/** Slack's own rule for replays: a request signed more than 5 minutes from now, either way, is refused. */
export const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

export interface SlackRequestGuardOptions {
  signingSecret: string;
  logger: Logger;
  /** Milliseconds since the epoch (tests move it). */
  now?: () => number;
  /** Same as Bolt's default (4 MB): a larger body is refused before anything parses it. */
  bodyLimit?: number;
}

type BufferedRequest = IncomingMessage & { rawBody?: Buffer };

/**
 * Checks a request to /slack/events before Bolt's HTTPReceiver sees it, for what Bolt lets through or cannot survive:
 * a timestamp more than 5 minutes in the future (Bolt checks only the past) gets 401, and a body that is not a JSON
 * object (`null`, `payload=null`, an array, a number) gets 400 instead of throwing inside the receiver. The body is
 * buffered once into `req.rawBody`, where Bolt's own buffering finds and reuses it. Bolt still verifies every
 * signature itself; the guard checks one only to answer an odd body (401 unsigned, 400 signed). No database, no
 * network: this runs before every ack.
 */
export function createSlackRequestGuard(options: SlackRequestGuardOptions) {
  const now = options.now ?? Date.now;
  const limit = options.bodyLimit ?? HTTPModuleFunctions.defaultBodyLimit;
  const refuse = (res: ServerResponse, status: number, reason: string) => {
    options.logger.log('warn', 'slack.request_refused', { status, reason });
    if (!res.headersSent) res.writeHead(status);
    res.end();
  };

  /** Never rejects: a rejected promise here is what used to end the process. */
  return async function guard(req: IncomingMessage, res: ServerResponse, next: () => void): Promise<void> {
    try {
      await check(req, res, next);
    } catch (error) {
      options.logger.log('error', 'slack.guard_failed', { error: (error as Error).message?.slice(0, 200) });
      if (!res.headersSent) res.writeHead(500);
      res.end();
    }
  };

  async function check(req: IncomingMessage, res: ServerResponse, next: () => void): Promise<void> {
    if (req.method !== 'POST') return next();
    const raw = await readRaw(req, limit);
    if (raw === 'too large') return refuse(res, 413, 'body too large');
    if (raw === 'failed') return refuse(res, 400, 'body unreadable');
    (req as BufferedRequest).rawBody = raw;
    const body = parseLikeBolt(req, raw);
    // ssl_check needs no signature (Bolt strips anything else from such a body).
    if (body.ok && isObject(body.value) && body.value.ssl_check === '1') return next();
    const timestamp = Number(header(req, 'x-slack-request-timestamp'));
    if (!Number.isFinite(timestamp) || Math.abs(now() / 1000 - timestamp) > MAX_CLOCK_SKEW_SECONDS) {
      return refuse(res, 401, 'timestamp outside 5 minutes');
    }
    if (!body.ok || isObject(body.value)) return next(); // Bolt verifies the signature, then answers 400 to bad JSON.
    const signed = isValidSlackRequest({
      signingSecret: options.signingSecret,
      body: raw.toString(),
      headers: { 'x-slack-signature': header(req, 'x-slack-signature') ?? '', 'x-slack-request-timestamp': timestamp },
    });
    return refuse(res, signed ? 400 : 401, signed ? 'body is not an object' : 'signature mismatch');
  }
}

/**
 * Bolt's handler for errors thrown while it reads a verified request's envelope, before any listener runs (listener
 * errors go to `app.error`). Slack's own payloads always have the envelope Bolt expects, so a TypeError there means a
 * signed body with fields missing or of the wrong type: 400, not 500. Everything else keeps Bolt's answer.
 */
export function slackEnvelopeErrorHandler(logger: Logger) {
  return async (args: ReceiverProcessEventErrorHandlerArgs): Promise<boolean> => {
    const { error, response } = args;
    if (!(error instanceof AuthorizationError) && (error as Error) instanceof TypeError && !response.headersSent) {
      logger.log('warn', 'slack.request_refused', { status: 400, reason: 'malformed envelope', error: (error as Error).message.slice(0, 200) });
      response.writeHead(400);
      response.end();
      return false;
    }
    return HTTPModuleFunctions.defaultProcessEventErrorHandler(args);
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/** The body as Bolt will read it (HTTPModuleFunctions.parseHTTPRequestBody), without throwing. */
function parseLikeBolt(req: IncomingMessage, raw: Buffer): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: HTTPModuleFunctions.parseHTTPRequestBody(Object.assign(req, { rawBody: raw })) };
  } catch {
    return { ok: false };
  }
}

async function readRaw(req: IncomingMessage, limit: number): Promise<Buffer | 'too large' | 'failed'> {
  if (Number(req.headers['content-length'] ?? 0) > limit) return 'too large';
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > limit) return 'too large';
      chunks.push(chunk as Buffer);
    }
  } catch {
    return 'failed';
  }
  return Buffer.concat(chunks);
}
