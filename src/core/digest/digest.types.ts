import type { Locale } from '../shared/platform.types.ts';
import type { LocalDate } from '../shift/local-time.ts';

/** A local day as an instant range [start, end); 23 or 25 hours on DST change days. */
export interface DigestWindow {
  date: LocalDate;
  start: Date;
  end: Date;
}

/** What a digest covers: areas (with everything below them) and agencies; empty means no restriction. */
export interface DigestScope {
  areaIds: string[];
  agencyIds: string[];
  /** Rosters whose handovers count (those overlapping the areas and agencies). */
  rosterIds: string[];
}

export interface AgencyAckStats {
  agencyId: string;
  /** Agency parts of the day's incidents. */
  parts: number;
  /** Parts answered (acknowledged, responding or declined). */
  answered: number;
  medianMinutes: number | null;
  p90Minutes: number | null;
  /** Parts not answered by their deadline (answered late, or not at all). */
  misses: number;
}

/** A handover of a shift that ended in the window, as the digest counts it. */
export interface DigestHandoverRow {
  rosterId: string;
  shiftId: string;
  localDate: LocalDate;
  fromEnd: Date;
  createdAt: Date;
  status: 'sent' | 'accepted';
  acceptedLate: boolean;
}

/** The numbers the storage computes for one window and scope. */
export interface DigestFigures {
  incidents: number;
  byArea: Array<{ areaId: string; count: number }>;
  byCategory: Array<{ categoryId: string; count: number }>;
  bySeverity: Array<{ severity: number; count: number }>;
  /** Incidents still open at the end of the window. */
  stillOpen: { count: number; oldest: Array<{ id?: string; ref: string; areaId: string; severity: number; createdAt: Date }> };
  ack: AgencyAckStats[];
  escalations: Array<{ agencyId: string; toBackup: number; toSupervisors: number }>;
  handovers: DigestHandoverRow[];
}

export interface HandoverCounts {
  /** Shifts that ended in the window, before now. */
  expected: number;
  onTime: number;
  late: number;
  notAccepted: number;
  missing: number;
}

/** A digest, ready to render. */
export interface DigestData {
  window: DigestWindow;
  figures: DigestFigures;
  handovers: HandoverCounts;
}

export interface DigestSubscription {
  id: string;
  personId: string;
  areaIds: string[];
  agencyIds: string[];
  /** Local send time, `HH:mm`. */
  localTime: string;
  locale: Locale;
  active: boolean;
  source: 'config' | 'admin';
  createdAt: Date;
}

/** The charts a digest has. */
export type DigestChartKind = 'areas' | 'ack';

/** Public chart URL of a digest, when the deployment serves charts. */
export type DigestChartUrl = (query: { date: string; areaIds: string[]; agencyIds: string[]; locale: string; chart: DigestChartKind }) => string | undefined;
