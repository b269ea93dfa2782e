import type { PlatformName } from '../shared/platform.types.ts';

export type AgencyState = 'notified' | 'acknowledged' | 'responding' | 'declined';
export type IncidentStatus = 'open' | 'closed';

/** One agency's part in an incident. */
export interface AgencyPart {
  agencyId: string;
  state: AgencyState;
  canSeeSensitive: boolean;
  /** Why the agency may see confidential details (the routing rule's basis); null when it may not. */
  sensitiveBasis?: string | null;
  deadlineAt: Date;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  respondingAt: Date | null;
  declinedAt: Date | null;
  declineReason: string | null;
  escalationLevel: number;
  nextEscalationAt: Date | null;
}

export interface Incident {
  id: string;
  ref: string;
  number: number;
  year: number;
  areaId: string;
  categoryId: string;
  severity: number;
  description: string;
  sensitiveDetails: string | null;
  status: IncidentStatus;
  reporterId: string;
  reporterAgencyId: string | null;
  sourcePlatform: PlatformName;
  createdAt: Date;
  closedAt: Date | null;
  /** Set while a legal hold keeps the retention rules away from the incident. */
  heldAt?: Date | null;
  /** Set once the retention rules erased its free text and personal data (the skeleton stays). */
  erasedAt?: Date | null;
  agencies: AgencyPart[];
  /** The agency that leads the work (`lead <no> <agency>`); null or absent while none does. */
  leadAgencyId?: string | null;
  /** The latest situation report, shown on every copy and by `status`; null or absent before the first. */
  latestReport?: SituationReport | null;
}

/** The lead agency's structured update on an incident (`sitrep <no> situation: … actions: … needs: …`). */
export interface SituationReport {
  id: string;
  /** The lead agency when it was written. */
  agencyId: string;
  authorId: string;
  situation: string;
  actions: string;
  needs: string;
  createdAt: Date;
}

export interface IncidentNote {
  id: string;
  authorId: string;
  text: string;
  createdAt: Date;
}
