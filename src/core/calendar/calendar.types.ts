/** Whose shifts a feed shows: one person's (every roster they work on) or one roster's (everyone on it). */
export type CalendarSubjectType = 'person' | 'roster';

/** A private feed's token as stored: its SHA-256, never the token itself. */
export interface CalendarToken {
  id: string;
  tokenHash: string;
  subjectType: CalendarSubjectType;
  subjectId: string;
  /** Who holds a roster's feed, when the issuer named someone; a person's feed is held by its person. */
  holderId: string | null;
  createdBy: string;
  createdAt: Date;
  revokedAt: Date | null;
  revokedBy: string | null;
}

/** One shift in a calendar: an instant range, with what the calendar shows for it. */
export interface CalendarEvent {
  /** Stable across fetches, so calendars update the event instead of adding another. */
  uid: string;
  start: Date;
  end: Date;
  summary: string;
  /** Lines of the description (who works the shift, whether the plan was changed for the day). */
  description: string[];
  /** Set when the day's plan was changed by an override (a person added or removed). */
  changed: boolean;
}

/** A feed, ready to render as iCal. */
export interface CalendarFeed {
  /** The calendar's name (X-WR-CALNAME). */
  name: string;
  timeZone: string;
  events: CalendarEvent[];
}
