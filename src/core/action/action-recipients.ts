import { randomUUID } from 'node:crypto';
import type { Directory } from '../directory/directory.ts';
import type { Person } from '../directory/directory.types.ts';
import type { NewNotification, NotificationKind } from '../notification/notification.types.ts';
import type { OutboundMessage } from '../messages/outbound.types.ts';
import type { ChatAddress, Locale } from '../shared/platform.types.ts';
import type { ActionIncident, AgencyAction } from './action.types.ts';
import { mayShowText, renderAction, type ActionView } from './action-message.ts';

/** One address to tell, in its reader's language, and the person behind it when it is a personal chat. */
export interface Recipient {
  address: ChatAddress & { id: string };
  locale: Locale;
  person?: Person;
}

const roomKey = (a: ChatAddress) => `${a.platform}|${a.workspace}|${a.channel}|${a.user ?? ''}`;

/** One copy per room: an on-duty contact's chat may also be configured as an agency room. */
function unique(recipients: Recipient[]): Recipient[] {
  const byRoom = new Map<string, Recipient>();
  for (const r of recipients) if (!byRoom.has(roomKey(r.address))) byRoom.set(roomKey(r.address), r);
  return [...byRoom.values()];
}

/** People's personal addresses, each in the person's language. */
export function personalRecipients(directory: Directory, people: Person[]): Recipient[] {
  return unique(people.flatMap((person) => directory.addressesOf('person', person.id).map((address) => ({ address, locale: person.locale, person }))));
}

/** Who hears of a proposal: the agency's rooms and its people on duty (their personal chats). */
export function agencyRecipients(directory: Directory, agencyId: string, onDuty: Person[], purpose: 'primary' | 'backup' = 'primary'): Recipient[] {
  const rooms = directory.addressesOf('agency', agencyId, purpose).map((address) => ({ address, locale: directory.settings.defaultLocale }));
  return unique([...rooms, ...(purpose === 'primary' ? personalRecipients(directory, onDuty) : [])]);
}

/**
 * One notification per recipient showing the action, each copy cut to what its room may see (`contentFor`). The
 * incident id and reference go with every row, so the retention job finds and replaces them with the incident.
 */
export function actionNotifications(
  directory: Directory, incident: ActionIncident, action: AgencyAction, recipients: Recipient[],
  options: { kind: NotificationKind; key: string; now: Date; view: (locale: Locale) => Omit<ActionView, 'locale' | 'showText'> },
): NewNotification[] {
  return recipients.map((r) => ({
    id: randomUUID(),
    idempotencyKey: `action:${action.id}:${options.key}:${r.address.id}`,
    kind: options.kind,
    incidentId: incident.id,
    agencyId: action.agencyId,
    personId: r.person?.id,
    address: r.address,
    message: renderAction(directory, incident, action, { ...options.view(r.locale), locale: r.locale, showText: mayShowText(directory, r.address) }),
    notBefore: options.now,
  }));
}

/** A plain message to people in their own chats (the proposer hears the outcome). */
export function personalNotifications(
  directory: Directory, incident: ActionIncident, action: AgencyAction, people: Person[], key: string, now: Date,
  build: (locale: Locale, showText: boolean) => OutboundMessage,
): NewNotification[] {
  return personalRecipients(directory, people).map((r) => ({
    id: randomUUID(),
    idempotencyKey: `action:${action.id}:${key}:${r.address.id}`,
    kind: 'action.outcome',
    incidentId: incident.id,
    agencyId: action.agencyId,
    personId: r.person?.id,
    address: r.address,
    message: { ...build(r.locale, mayShowText(directory, r.address)), incidentRef: incident.ref, audience: 'notification' },
    notBefore: now,
  }));
}
