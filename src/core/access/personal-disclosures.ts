import type { Directory } from '../directory/directory.ts';
import type { Incident } from '../incident/incident.types.ts';
import type { NewNotification } from '../notification/notification.types.ts';
import type { DisclosedField, Disclosure } from './disclosure.types.ts';
import { disclosureOf } from './disclosure-of.ts';

/**
 * The read-log entries for notifications about `incident` addressed to a person (their DM or personal chat): each is
 * a disclosure to that person, of the fields its message shows. Recorded when the notification is queued, in the same
 * transaction, so the read log holds it exactly when the outbox does; a message that later fails for good was still
 * meant for that person, which the data protection officer would rather see than miss. Channel copies (an agency's
 * or an area's room) are not a disclosure to one person and are left out.
 */
export function personalDisclosures(directory: Directory, incident: Incident, rows: NewNotification[], at: Date): Disclosure[] {
  const out: Disclosure[] = [];
  for (const row of rows) {
    if (!row.personId || row.incidentId !== incident.id) continue;
    const person = directory.person(row.personId);
    if (!person) continue;
    out.push(disclosureOf(person, incident, { fields: fieldsShown(incident, row), surface: row.address.platform, at }));
  }
  return out;
}

/** What the message shows, read from the message itself: it is what the person gets, whatever rule rendered it. */
function fieldsShown(incident: Incident, row: NewNotification): DisclosedField[] {
  const body = JSON.stringify(row.message);
  const fields: DisclosedField[] = ['summary'];
  if (incident.description && body.includes(JSON.stringify(incident.description).slice(1, -1))) fields.push('description');
  if (incident.sensitiveDetails && body.includes(JSON.stringify(incident.sensitiveDetails).slice(1, -1))) fields.push('confidential');
  return fields;
}
