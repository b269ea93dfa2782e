import type { Incident, IncidentNote } from '../incident/incident.types.ts';
import type { HandoverIncident, HandoverNote } from './handover.types.ts';

/**
 * The handover note of a shift: every incident in scope with its state per agency, the roster agencies' parts not
 * yet acknowledged (overdue when past their deadline), escalations still running, and the notes written during
 * the shift. Pure: the caller reads the incidents and notes.
 */
export function compileHandoverNote(
  incidents: Incident[], notes: Array<IncidentNote & { incidentId: string }>, agencyIds: string[], now: Date,
): HandoverNote {
  const ours = new Set(agencyIds);
  const sorted = [...incidents].sort((a, b) => a.severity - b.severity || a.createdAt.getTime() - b.createdAt.getTime());
  const refs = new Map(incidents.map((i) => [i.id, i.ref]));
  const items: HandoverIncident[] = sorted.map((i) => ({
    incidentId: i.id, ref: i.ref, areaId: i.areaId, categoryId: i.categoryId, severity: i.severity,
    description: i.description.slice(0, 200), status: i.status, createdAt: i.createdAt.toISOString(), closedAt: i.closedAt?.toISOString() ?? null,
    agencies: i.agencies.map((a) => ({ agencyId: a.agencyId, state: a.state, escalationLevel: a.escalationLevel, deadlineAt: a.deadlineAt.toISOString() })),
  }));
  const waiting = sorted.filter((i) => i.status === 'open')
    .flatMap((i) => i.agencies.filter((a) => ours.has(a.agencyId) && a.state === 'notified').map((a) => ({ i, a })));
  return {
    incidents: items,
    unacknowledged: waiting.map(({ i, a }) => ({ ref: i.ref, agencyId: a.agencyId, deadlineAt: a.deadlineAt.toISOString(), overdue: a.deadlineAt <= now })),
    escalations: waiting.filter(({ a }) => a.escalationLevel > 0).map(({ i, a }) => ({ ref: i.ref, agencyId: a.agencyId, level: a.escalationLevel })),
    notes: [...notes]
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
      .map((n) => ({ ref: refs.get(n.incidentId) ?? '?', authorId: n.authorId, at: n.createdAt.toISOString(), text: n.text.slice(0, 300) })),
  };
}
