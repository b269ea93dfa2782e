import type { Locale } from '../shared/platform.types.ts';
import type { LocalDate } from '../shift/local-time.ts';
import type { AgencyAnswerFigures, AnswerSample } from '../incident/answer-figures.ts';

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

/** What storage reads for one window and scope: counts, and the agency parts the answer figures are made of. */
export interface DigestRows {
  incidents: number;
  byArea: Array<{ areaId: string; count: number }>;
  byCategory: Array<{ categoryId: string; count: number }>;
  bySeverity: Array<{ severity: number; count: number }>;
  /** Incidents still open at the end of the window. */
  stillOpen: { count: number; oldest: Array<{ id?: string; ref: string; areaId: string; severity: number; createdAt: Date }> };
  /** The agency parts of the window's incidents. */
  answers: AnswerSample[];
  handovers: DigestHandoverRow[];
}

/** The digest's numbers: storage's counts, and the answer figures per agency as the core defines them (`answerFigures`). */
export interface DigestFigures extends Omit<DigestRows, 'answers'> {
  /** Per agency: parts, answers, time to answer, misses and escalations of the window's incidents. */
  ack: AgencyAnswerFigures[];
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
  /** A daily digest, or a weekly pack (sent on `weekday` at `localTime`, about the last whole week). */
  kind: 'digest' | 'pack';
  /** ISO weekday (1 = Monday) of a weekly pack; null for a digest. */
  weekday: number | null;
}

/** The charts a digest has. */
export type DigestChartKind = 'areas' | 'ack';

