import { z } from 'zod';
import type { Command, RegisterIncidentCommand } from './command.types.ts';
import { parseIncidentRef } from './incident-ref.ts';
import { validateRegistration } from './incident.parser.ts';
import { checkTextLength, type ParseContext } from './parse-context.ts';
import type { Directory } from '../directory/directory.ts';
import { CoreError } from '../shared/core-error.ts';
import { assertNoControlCharacters } from './control-characters.ts';
import { parseSitrepText } from '../incident/lead-commands.parser.ts';
import { parseActionRef } from '../action/action.types.ts';
import { parseProposalForm } from '../action/action.parser.ts';

const ref = z.string().min(1).max(40);

/**
 * The button payloads (ActionPayload), checked at the edge of the core. Buttons posted before handover buttons had
 * their own variant carried `{ action: 'ext.handover.<verb>', incidentRef: 'HO-…' }`; chats keep old messages, so
 * that shape is still read, as the same variant.
 */
const actionSchema = z.union([
  z.object({ action: z.enum(['ack', 'responding', 'decline', 'close', 'reopen']), incidentRef: ref, agencyId: z.string().min(1).max(80).optional() }),
  z.object({ action: z.enum(['handover.accept', 'handover.questions']), handoverRef: ref }),
  z.object({ action: z.enum(['ext.handover.accept', 'ext.handover.questions']), incidentRef: ref })
    .transform(({ action, incidentRef }) => ({ action: action.slice('ext.'.length) as 'handover.accept' | 'handover.questions', handoverRef: incidentRef })),
  z.object({ action: z.enum(['lead', 'sitrep']), incidentRef: ref, agencyId: z.string().min(1).max(80).optional() }),
  // Agency actions (issue 13)
  z.object({ action: z.enum(['action.accept', 'action.decline', 'action.done']), actionRef: ref }),
  z.object({ action: z.literal('action.propose'), incidentRef: ref }),
]);

const formSchema = z.object({
  area: z.string().trim().min(1).max(80),
  category: z.string().trim().min(1).max(80),
  severity: z.coerce.number().int(),
  description: z.string().max(100_000),
  sensitiveDetails: z.string().max(100_000).optional().nullable(),
});

/**
 * A button press as a Command. Buttons carry an ActionPayload; anything else is refused with `invalid_action`. The
 * "Propose action" form names an agency and may carry a date, so it needs the parse context (directory, clock).
 */
export function parseActionSubmission(value: unknown, reason?: string, context?: ParseContext): Command {
  const decoded = typeof value === 'string' ? safeJson(value) : value;
  // After decoding: a JSON payload carries a NUL as the six characters \u0000.
  assertNoControlCharacters([value, decoded, reason]);
  const parsed = actionSchema.safeParse(decoded);
  if (!parsed.success) throw new CoreError('invalid_action');
  const payload = parsed.data;
  if (payload.action === 'lead' || payload.action === 'sitrep') return leadSubmission(payload, reason);
  if (payload.action === 'action.propose') return proposalSubmission(payload.incidentRef, reason, context);
  const text = checkTextLength(reason?.trim() ?? '');
  if ('handoverRef' in payload) {
    if (payload.action === 'handover.questions' && !text) throw new CoreError('missing_text', { ref: payload.handoverRef });
    return { kind: 'handover.accept', handover: payload.handoverRef, questions: text || undefined };
  }
  if ('actionRef' in payload) return actionButton(payload.action, payload.actionRef, text);
  const incident = parseIncidentRef(payload.incidentRef);
  if (!incident) throw new CoreError('invalid_action');
  const { agencyId } = payload;
  switch (payload.action) {
    case 'ack':
      return { kind: 'incident.ack', incident, agencyId };
    case 'responding':
      return { kind: 'incident.responding', incident, agencyId };
    case 'decline':
      if (!text) throw new CoreError('missing_reason', { ref: incident.text });
      return { kind: 'incident.decline', incident, agencyId, reason: text };
    case 'close':
      return { kind: 'incident.close', incident };
    case 'reopen':
      return { kind: 'incident.reopen', incident };
  }
}

/** "Take the lead" (for the copy's agency) and the situation report form (its text read like a typed report). */
function leadSubmission(payload: { action: 'lead' | 'sitrep'; incidentRef: string; agencyId?: string }, reason?: string): Command {
  const incident = parseIncidentRef(payload.incidentRef);
  if (!incident) throw new CoreError('invalid_action');
  if (payload.action === 'sitrep') return { kind: 'incident.sitrep', incident, ...parseSitrepText(reason ?? '', incident.text) };
  if (!payload.agencyId) throw new CoreError('invalid_action');
  return { kind: 'incident.lead', incident, agencyId: payload.agencyId };
}

/** An action button (agency actions, issue 13): decline needs its reason, done takes an optional note. */
function actionButton(kind: 'action.accept' | 'action.decline' | 'action.done', refText: string, text: string): Command {
  const action = parseActionRef(refText);
  if (!action) throw new CoreError('invalid_action');
  if (kind === 'action.accept') return { kind, action };
  if (kind === 'action.done') return { kind, action, note: text || undefined };
  if (!text) throw new CoreError('missing_action_reason', { ref: action.text });
  return { kind, action, reason: text };
}

/** The "Propose action" form: its field read like a typed proposal after the incident number. */
function proposalSubmission(incidentRef: string, typed: string | undefined, context: ParseContext | undefined): Command {
  const incident = parseIncidentRef(incidentRef);
  if (!incident || !context) throw new CoreError('invalid_action');
  return parseProposalForm(incident, typed ?? '', context);
}

/** A submitted incident form (Slack modal, Teams card, web form) as a registration, checked like typed text. */
export function parseFormSubmission(values: unknown, directory: Directory): RegisterIncidentCommand {
  assertNoControlCharacters(values);
  const parsed = formSchema.safeParse(values);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? 'form')))];
    throw new CoreError('invalid_form', { fields: fields.join(', ') });
  }
  const { area, category, severity, description, sensitiveDetails } = parsed.data;
  const areaId = directory.area(area)?.id ?? directory.areaByExactName(area)?.id;
  if (!areaId) throw new CoreError('unknown_area', { area: area.slice(0, 60), suggestions: '' });
  if (!directory.category(category)) {
    throw new CoreError('unknown_category', { category: category.slice(0, 40), categories: directory.allCategories().map((c) => c.id).join(', ') });
  }
  if (!directory.severity(severity)) {
    throw new CoreError('unknown_severity', { severity, levels: directory.severities.map((s) => s.level).join(', ') });
  }
  return validateRegistration({
    kind: 'incident.register', areaId, categoryId: category, severity, description, sensitiveDetails: sensitiveDetails ?? undefined,
  }, directory);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
