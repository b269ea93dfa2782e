import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import type { InboundEvent } from '../../../src/core/kernel/inbound-event.ts';
import type { CommandOutcome } from '../../../src/core/kernel/command-outcome.ts';
import type { WebConsoleDeps } from '../web-console.deps.ts';
import { resolveVisitor, type Visitor } from '../visitor.ts';
import { actionBodySchema, commandBodySchema, formBodySchema } from '../inbound-schemas.ts';
import { readBody, wantsJson } from '../http/request-body.ts';
import { sendJson } from '../http/responses.ts';
import { renderMessage } from '../render/render-message.ts';
import { renderIncidentForm } from '../render/render-form.ts';
import { sendConsolePage } from './console-page-route.ts';
import { renderErrorPage } from './error-page.ts';
import { wt } from '../web-texts.ts';
import type { OutboundMessage } from '../../../src/core/messages/outbound.types.ts';

type Kind = 'command' | 'action' | 'form';
const SCHEMAS = { command: commandBodySchema, action: actionBodySchema, form: formBodySchema } as const;
type Body<K extends Kind> = z.infer<(typeof SCHEMAS)[K]>;

/**
 * POST /command, /action, /form: what a person typed, pressed or filled in becomes one InboundEvent for the core, as
 * from Slack or Teams, stored in the durable inbox and run at once. The outcome comes back as HTML: JSON for the
 * console's script, a whole page for a plain form post. Bad input is answered with the core's own message (HTTP 422)
 * and changes nothing. A request the database could not take now is kept and answered with 202 "received".
 */
export function commandRoute(kind: Kind) {
  return async (deps: WebConsoleDeps, req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const json = wantsJson(req);
    const parsed = SCHEMAS[kind].safeParse(await readBody(req));
    if (!parsed.success) {
      const fields = [...new Set(parsed.error.issues.map((i) => String(i.path[0] ?? '')))];
      if (json) return sendJson(res, 400, { ok: false, error: 'invalid request', fields });
      return renderErrorPage(deps, res, 400, 'error.request');
    }
    const body = parsed.data as Body<Kind>;
    const visitor = await resolveVisitor(deps, req, body.as, body.lang);
    if (!visitor) {
      if (json) return sendJson(res, 404, { ok: false, error: 'unknown persona' });
      return renderErrorPage(deps, res, 404, 'error.persona', body.lang);
    }
    const started = Date.now();
    const result = await deps.door.submit(toEvent(kind, body, visitor));
    if (result.kind === 'kept') {
      deps.logger.log('warn', 'web.command_kept', { kind, spooled: result.spooled });
      const locale = visitor.ctx.locale;
      const text = wt(result.spooled ? 'received.spooled' : 'received.later', locale);
      const received: OutboundMessage = { locale, tone: 'info', title: text, facts: [], actions: [], fallback: text, audience: 'reply' };
      return respond(deps, res, { kind, body, visitor, outcome: { replies: [received], changed: false }, ok: true, json, status: 202 });
    }
    const { outcome } = result;
    const ok = !outcome.replies.some((r) => r.tone === 'error');
    deps.logger.log('info', 'web.command', { kind, role: visitor.person.role, ok, changed: outcome.changed, ms: Date.now() - started });
    await respond(deps, res, { kind, body, visitor, outcome, ok, json });
  };
}

function toEvent(kind: Kind, body: Body<Kind>, visitor: Visitor): InboundEvent & { requestKey: string } {
  const base = {
    platform: 'web' as const,
    workspace: '',
    userId: visitor.person.id,
    locale: body.lang,
    requestId: `web-${randomUUID()}`,
  };
  // The page hands out a fresh key per form; resubmitting the same form (double click, reload) registers once. Other
  // requests get a key of their own, so the inbox and the core recognise a second run of the same request.
  const requestKey = 'requestKey' in body && body.requestKey ? `web:${visitor.person.id}:${body.requestKey}` : `web:${randomUUID()}`;
  if (kind === 'command') return { ...base, requestKey, input: { type: 'text', text: (body as Body<'command'>).text } };
  if (kind === 'action') {
    const action = body as Body<'action'>;
    return { ...base, requestKey, input: { type: 'action', value: action.payload, reason: action.reason } };
  }
  const form = body as Body<'form'>;
  return {
    ...base,
    requestKey,
    input: {
      type: 'form',
      values: { area: form.area, category: form.category, severity: form.severity, description: form.description ?? '', sensitiveDetails: form.sensitiveDetails || undefined },
    },
  };
}

interface Outcome {
  kind: Kind;
  body: Body<Kind>;
  visitor: Visitor;
  outcome: CommandOutcome;
  ok: boolean;
  json: boolean;
  /** Defaults to 200 (422 when not ok). */
  status?: number;
}

async function respond(deps: WebConsoleDeps, res: ServerResponse, o: Outcome): Promise<void> {
  const { ctx } = o.visitor;
  const replies = o.outcome.replies.map((r) => renderMessage(r, { messageId: `reply-${randomUUID().slice(0, 8)}` }, ctx));
  // After a success the next submission is a new request; after an error the same key may be used again.
  const usedKey = 'requestKey' in o.body ? o.body.requestKey : undefined;
  const nextKey = o.ok || !usedKey ? randomUUID() : usedKey;
  const form = o.outcome.form ? renderIncidentForm(o.outcome.form, ctx, randomUUID()) : undefined;
  const status = o.status ?? (o.ok ? 200 : 422);
  if (o.json) return sendJson(res, status, { ok: o.ok, changed: o.outcome.changed, replies, form: form ?? null, requestKey: nextKey, incident: o.outcome.incident?.ref ?? null });
  let pageForm = form;
  if (o.kind === 'form' && !o.ok) {
    const values = o.body as Body<'form'>;
    const typed = Object.fromEntries(['area', 'category', 'severity', 'description', 'sensitiveDetails']
      .map((k) => [k, String((values as Record<string, unknown>)[k] ?? '')]));
    pageForm = renderIncidentForm(await deps.core.form(ctx.locale), ctx, nextKey, typed);
  }
  const typed = o.kind === 'command' && !o.ok ? (o.body as Body<'command'>).text : undefined;
  await sendConsolePage(deps, res, o.visitor, { channel: o.body.channel, replies, form: pageForm, typed, requestKey: nextKey, status });
}
