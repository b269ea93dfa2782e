import { formatIncidentRef } from '../../core/commands/incident-ref.ts';
import type { Incident } from '../../core/incident/incident.types.ts';
import type { PlatformName } from '../../core/shared/platform.types.ts';

/** Shape of an incident row with its agency rows, as Prisma returns it with `include: { agencies: true }`. */
export interface IncidentRow {
  id: string; number: number; year: number; areaId: string; categoryId: string; severity: number; description: string;
  sensitiveDetails: string | null; status: 'open' | 'closed'; reporterId: string; reporterAgencyId: string | null;
  sourcePlatform: string; createdAt: Date; closedAt: Date | null; heldAt?: Date | null; erasedAt?: Date | null;
  agencies: Array<{
    agencyId: string; state: 'notified' | 'acknowledged' | 'responding' | 'declined'; canSeeSensitive: boolean;
    sensitiveBasis?: string | null; deadlineAt: Date; acknowledgedAt: Date | null; acknowledgedBy: string | null; respondingAt: Date | null;
    declinedAt: Date | null; declineReason: string | null; escalationLevel: number; nextEscalationAt: Date | null;
  }>;
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
    agencies: [...row.agencies].sort((a, b) => a.agencyId.localeCompare(b.agencyId)).map((a) => ({ ...a })),
  };
}
