import { z } from 'zod';
import type { Command, RegisterIncidentCommand } from './command.types.ts';
import { parseIncidentRef } from './incident-ref.ts';
import { validateRegistration, MAX_NOTE_LENGTH } from './parse-command.ts';
import type { Directory } from '../directory/directory.ts';
import { CoreError } from '../shared/core-error.ts';
import { assertNoControlCharacters } from './control-characters.ts';

const EXTENSION_ACTION = /^ext\.([a-z][a-z0-9-]*)\.([a-z][a-z0-9-]*)$/;

const actionSchema = z.object({
  action: z.union([z.enum(['ack', 'responding', 'decline', 'close', 'reopen']), z.string().regex(EXTENSION_ACTION)]),
  incidentRef: z.string().min(1).max(40),
  agencyId: z.string().min(1).max(80).optional(),
});

const formSchema = z.object({
  area: z.string().trim().min(1).max(80),
  category: z.string().trim().min(1).max(80),
  severity: z.coerce.number().int(),
  description: z.string().max(100_000),
  sensitiveDetails: z.string().max(100_000).optional().nullable(),
});

/** A button press as a Command. Buttons carry an ActionPayload; anything else is refused with `invalid_action`. */
export function parseActionSubmission(value: unknown, reason?: string): Command {
  const decoded = typeof value === 'string' ? safeJson(value) : value;
  // After decoding: a JSON payload carries a NUL as the six characters \u0000.
  assertNoControlCharacters([value, decoded, reason]);
  const parsed = actionSchema.safeParse(decoded);
  if (!parsed.success) throw new CoreError('invalid_action');
  const extension = EXTENSION_ACTION.exec(parsed.data.action);
  if (extension) return extensionAction(extension[1], extension[2], parsed.data.incidentRef, reason);
  const incident = parseIncidentRef(parsed.data.incidentRef);
  if (!incident) throw new CoreError('invalid_action');
  const agencyId = parsed.data.agencyId;
  switch (parsed.data.action) {
    case 'ack':
      return { kind: 'incident.ack', incident, agencyId };
    case 'responding':
      return { kind: 'incident.responding', incident, agencyId };
    case 'decline': {
      const text = reason?.trim() ?? '';
      if (!text) throw new CoreError('missing_reason', { ref: incident.text });
      if (text.length > MAX_NOTE_LENGTH) throw new CoreError('text_too_long', { length: text.length, max: MAX_NOTE_LENGTH });
      return { kind: 'incident.decline', incident, agencyId, reason: text };
    }
    case 'close':
      return { kind: 'incident.close', incident };
    case 'reopen':
      return { kind: 'incident.reopen', incident };
  }
  throw new CoreError('invalid_action');
}

/** `ext.handover.accept` on `HO-0042` -> the `ext.handover` command `accept HO-0042 [reason]`; the extension checks the rest. */
function extensionAction(domain: string, verb: string, ref: string, reason?: string): Command {
  const text = reason?.trim() || undefined;
  if (text && text.length > MAX_NOTE_LENGTH) throw new CoreError('text_too_long', { length: text.length, max: MAX_NOTE_LENGTH });
  const args = [verb, ref, ...(text ? text.split(/\s+/) : [])];
  return { kind: `ext.${domain}`, args, raw: args.join(' '), action: { verb, ref, reason: text } };
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
