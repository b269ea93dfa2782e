/**
 * Who is in the room a message lands in. What a message may show depends on it (need to know):
 * - `personal`: a DM or personal chat, one person;
 * - `agency`: a room inside one agency's workspace or tenant;
 * - `shared`: a room that holds people of other organisations (Slack Connect, a Teams shared channel, or a room the
 *   deployment file calls shared).
 */
export type Audience = 'personal' | 'agency' | 'shared';
export const AUDIENCES: readonly Audience[] = ['personal', 'agency', 'shared'];

/** How an agency wants its rooms told: everything its rules allow, or only the reference (details on request). */
export type NotifyMode = 'full' | 'by-reference';

/**
 * How much of an incident one copy of a message shows:
 * - `full`: everything the audience may see (confidential details only when `showSensitive`);
 * - `reference`: no description and no confidential details, a pointer to ask privately instead;
 * - `minimal`: reference, area, category, severity and the buttons, nothing more.
 */
export type DetailLevel = 'full' | 'reference' | 'minimal';

/** What the directory knows about the room behind an address. */
export interface RoomFacts {
  audience: Audience;
  /** All members may see confidential details (an agency room configured `cleared`). */
  cleared: boolean;
  /** The room belongs to an agency that chose `notify: by-reference`. */
  byReference: boolean;
}

/** What one copy may show, decided by `contentFor`. */
export interface CopyContent {
  detail: DetailLevel;
  showSensitive: boolean;
}
