import type { DigestFigures, HandoverCounts } from '../digest/digest.types.ts';
import type { LocalDate } from '../shift/local-time.ts';
import type { IsoWeek } from './iso-week.ts';

/** A week as an instant range [start, end): Monday 00:00 to the next Monday 00:00, local time (DST included). */
export interface PackWindow {
  /** The Monday; with the window it is a digest window (the digest's figures work on any window). */
  date: LocalDate;
  week: IsoWeek;
  lastDay: LocalDate;
  start: Date;
  end: Date;
}

/** A week's headline figures, as the trend compares them. */
export interface PackTrendCounts {
  newIncidents: number;
  openAtEnd: number;
  /** Agency parts of the week's incidents, answered ones, and misses (the digest's definitions). */
  parts: number;
  answered: number;
  misses: number;
}

/** One week's headline figures, for the trend. */
export interface PackTrendWeek extends PackTrendCounts {
  week: IsoWeek;
}

/** One agency's open and overdue actions at an instant. */
export interface PackActionCounts {
  agencyId: string;
  open: number;
  overdue: number;
}

/** Open and overdue agency actions by agency at the end of the week (or now, for the week under way). */
export interface PackActions {
  /** The instant the figures are taken at. */
  at: Date;
  byAgency: PackActionCounts[];
}

/**
 * The weekly pack for an action group's meeting: one area or district, one ISO week. Every figure is the digest's,
 * computed over the week instead of a day, so the pack and the digest never disagree on what a figure means.
 */
export interface WeeklyPack {
  areaId: string;
  window: PackWindow;
  /** The digest's figures over the week: new incidents, by category and severity, open at the end, acknowledgement per agency, escalations. */
  figures: DigestFigures;
  handovers: HandoverCounts;
  /** The four weeks before, oldest first. */
  previous: PackTrendWeek[];
  /** This week's headline figures, as in `previous`. */
  current: PackTrendWeek;
  actions: PackActions;
  generatedAt: Date;
}

