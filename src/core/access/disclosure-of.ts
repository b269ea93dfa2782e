import type { Person } from '../directory/directory.types.ts';
import type { Incident } from '../incident/incident.types.ts';
import type { DisclosedField, Disclosure, DisclosureGround, DisclosureSurface } from './disclosure.types.ts';

export interface Shown {
  fields: DisclosedField[];
  surface: DisclosureSurface;
  at: Date;
  requestId?: string | null;
}

/**
 * The read-log entry for showing `incident` to `person`. The ground is the strongest tie the person has to the
 * incident (the same order as the access policy: reporter, agency, supervisor, admin); the basis is the one that let
 * the person's agency see confidential details, recorded only when they were shown.
 */
export function disclosureOf(person: Person, incident: Incident, shown: Shown): Disclosure {
  const confidential = shown.fields.includes('confidential');
  const part = incident.agencies.find((a) => a.agencyId === person.agencyId);
  const ground = groundOf(person, incident, part !== undefined);
  return {
    at: shown.at,
    personId: person.id,
    agencyId: person.agencyId,
    incidentId: incident.id,
    incidentRef: incident.ref,
    fields: shown.fields,
    confidential,
    surface: shown.surface,
    ground,
    basis: confidential && ground === 'agency' ? part?.sensitiveBasis ?? null : null,
    requestId: shown.requestId ?? null,
  };
}

function groundOf(person: Person, incident: Incident, agencyTakesPart: boolean): DisclosureGround {
  if (person.id === incident.reporterId) return 'reporter';
  if (agencyTakesPart || (person.agencyId !== null && person.agencyId === incident.reporterAgencyId)) return 'agency';
  return person.role === 'admin' ? 'admin' : 'supervisor';
}
