import type { PlatformName } from '../shared/platform.types.ts';

/** Where a person was shown an incident's details: a chat platform, the command line, an export or a digest; `ical`: a roster feed. */
export type DisclosureSurface = PlatformName | 'cli' | 'export' | 'digest' | 'ical';

/**
 * Why the person may see it: they reported it, their agency is part of it (routed, or the reporter's agency), they
 * supervise its area, or they administer the deployment; `feed_token`: they hold a private calendar feed's token.
 */
export type DisclosureGround = 'reporter' | 'agency' | 'supervisor' | 'admin' | 'feed_token';

/** What was shown: the summary (ref, area, category, severity, times, agencies' states), the description, the confidential details, the timeline; `roster`: who works which shifts (a calendar feed). */
export type DisclosedField = 'summary' | 'description' | 'confidential' | 'timeline' | 'audit_trail' | 'roster';

/** One disclosure of one incident's details to one person, as the read log keeps it. */
export interface Disclosure {
  at: Date;
  personId: string;
  agencyId: string | null;
  /** Null for a disclosure that is not of one incident (an audit export). */
  incidentId: string | null;
  incidentRef: string | null;
  fields: DisclosedField[];
  confidential: boolean;
  surface: DisclosureSurface;
  ground: DisclosureGround;
  /** The routing rule's basis, when confidential details were shown on an agency's ground. */
  basis: string | null;
  requestId: string | null;
}
