import { formatIncidentRef } from '../../core/commands/incident-ref.ts';
import type { Incident, SituationReport } from '../../core/incident/incident.types.ts';
import type { PlatformName } from '../../core/shared/platform.types.ts';

/** Shape of an incident row with its agency rows, as Prisma returns it with `include: { agencies: true }`. */
export interface IncidentRow {
  id: string; number: number; year: number; areaId: string; categoryId: string; severity: number; description: string;
  sensitiveDetails: string | null; status: 'open' | 'closed'; reporterId: string; reporterAgencyId: string | null;
  sourcePlatform: string; createdAt: Date; closedAt: Date | null; heldAt?: Date | null; erasedAt?: Date | null;
  leadAgencyId?: string | null;
  /** The latest situation report only (see INCIDENT_INCLUDE). */
  situationReports?: SituationReport[];
  agencies: Array<{
    agencyId: string; state: 'notified' | 'acknowledged' | 'responding' | 'declined'; canSeeSensitive: boolean;
    sensitiveBasis?: string | null; deadlineAt: Date; acknowledgedAt: Date | null; acknowledgedBy: string | null; respondingAt: Date | null;
    declinedAt: Date | null; declineReason: string | null; escalationLevel: number; nextEscalationAt: Date | null;
  }>;
}

/**
 * What an incident is read with: its agency rows and its latest situation report (every copy of the incident shows
 * it, so every read that may render a card needs it).
 */
export const INCIDENT_INCLUDE = { agencies: true, situationReports: { orderBy: { createdAt: 'desc' }, take: 1 } } as const;

function toSituationReport(row: SituationReport): SituationReport {
  const { id, agencyId, authorId, situation, actions, needs, createdAt } = row;
  return { id, agencyId, authorId, situation, actions, needs, createdAt };
}

/** Row to domain object; agencies in a stable order (by id) so messages do not reshuffle between updates. */
export function toIncident(row: IncidentRow): Incident {
  return {
    id: row.id,
    ref: formatIncidentRef(row.year, row.number),
    number: row.number,
    year: row.year,
    areaId: row.areaId,
    categoryId: row.categoryId,
    severity: row.severity,
    description: row.description,
    sensitiveDetails: row.sensitiveDetails,
    status: row.status,
    reporterId: row.reporterId,
    reporterAgencyId: row.reporterAgencyId,
    sourcePlatform: row.sourcePlatform as PlatformName,
    createdAt: row.createdAt,
    closedAt: row.closedAt,
    heldAt: row.heldAt ?? null,
    erasedAt: row.erasedAt ?? null,
    leadAgencyId: row.leadAgencyId ?? null,
    latestReport: row.situationReports?.[0] ? toSituationReport(row.situationReports[0]) : null,
    agencies: [...row.agencies].sort((a, b) => a.agencyId.localeCompare(b.agencyId)).map((a) => ({ ...a })),
  };
}
