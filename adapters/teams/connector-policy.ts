import type { Middleware, TurnContext } from 'botbuilder';
import { PlatformError } from '../../src/core/ports/chat-platform.port.ts';

/** How long one call to the Bot Connector may take before it counts as failed (and the outbox tries again). */
export const CONNECTOR_TIMEOUT_MS = 15_000;

interface PipelinePolicy {
  name: string;
  sendRequest(request: { timeout: number }, next: (request: { timeout: number }) => Promise<unknown>): Promise<unknown>;
}

interface Pipeline {
  getOrderedPolicies(): PipelinePolicy[];
  removePolicy(options: { name: string }): unknown;
  addPolicy(policy: PipelinePolicy): void;
}

/**
 * The Bot Connector client retries 429 and 5xx on its own (up to three times, sleeping through Retry-After) inside
 * one call. Samband's durable outbox owns retrying, with its backoff, its attempt records and across restarts, so
 * this middleware takes the SDK's retry policy out of every connector client a turn gets and bounds each request's
 * time instead. Runs for inbound turns and proactive ones alike.
 */
export function connectorPolicy(connectorClientKey: symbol): Middleware {
  return {
    async onTurn(context: TurnContext, next: () => Promise<void>) {
      const pipeline = (context.turnState.get(connectorClientKey) as { client?: { pipeline?: Pipeline } } | undefined)?.client?.pipeline;
      if (pipeline) tunePipeline(pipeline);
      await next();
    },
  };
}

const TIMEOUT_POLICY = 'sambandConnectorTimeout';

function tunePipeline(pipeline: Pipeline): void {
  const names = pipeline.getOrderedPolicies().map((p) => p.name);
  for (const name of names) if (/retry/i.test(name)) pipeline.removePolicy({ name });
  if (!names.includes(TIMEOUT_POLICY)) {
    pipeline.addPolicy({
      name: TIMEOUT_POLICY,
      sendRequest(request, next) {
        if (!request.timeout) request.timeout = CONNECTOR_TIMEOUT_MS;
        return next(request);
      },
    });
  }
}

/**
 * A failed Bot Connector call as the delivery worker needs it: 429 and 5xx (and network trouble) are worth another
 * try, with the connector's Retry-After; other 4xx (unknown conversation, bot removed, bad payload) are not.
 */
export function toPlatformError(error: unknown): PlatformError {
  if (error instanceof PlatformError) return error;
  const status = statusOf(error);
  const detail = (error as Error)?.message?.slice(0, 200) ?? String(error);
  if (status === undefined) return new PlatformError(`Teams connector unreachable: ${detail}`, true);
  const retryAfterMs = retryAfterOf(error);
  // The connector's error code (UserNotFound, ConversationNotFound, BotNotInConversationRoster...) says why; the
  // message text around it is not kept, so nothing of a conversation ends up in logs or the audit trail.
  const code = connectorErrorCode(error);
  const why = `Teams connector answered ${status}${code ? ` (${code})` : ''}`;
  if (status === 429 || status === 408 || status >= 500) return new PlatformError(why, true, retryAfterMs);
  return new PlatformError(why, false);
}

/** The `error.code` of a Bot Connector error body, if it looks like a code (never free text). */
export function connectorErrorCode(error: unknown): string | undefined {
  const e = error as { code?: unknown; body?: unknown; response?: { parsedBody?: unknown; bodyAsText?: unknown } } | undefined;
  const bodies: unknown[] = [e?.body, e?.response?.parsedBody];
  if (typeof e?.response?.bodyAsText === 'string') {
    try { bodies.push(JSON.parse(e.response.bodyAsText)); } catch { /* not JSON: no code */ }
  }
  for (const body of bodies) {
    const code = (body as { error?: { code?: unknown } } | undefined)?.error?.code;
    if (typeof code === 'string' && /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/.test(code)) return code;
  }
  return undefined;
}

function statusOf(error: unknown): number | undefined {
  const candidate = (error as { statusCode?: unknown; response?: { status?: unknown } })?.statusCode
    ?? (error as { response?: { status?: unknown } })?.response?.status;
  return typeof candidate === 'number' ? candidate : undefined;
}

function retryAfterOf(error: unknown): number | undefined {
  const headers = (error as { response?: { headers?: { get?(name: string): string | undefined } } })?.response?.headers;
  const raw = headers?.get?.('retry-after');
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
