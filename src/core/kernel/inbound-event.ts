import type { PlatformName } from '../shared/platform.types.ts';

/**
 * What an adapter hands the core: who sent something, from where, and what. Adapters translate payloads into this
 * and never decide anything themselves.
 */
export interface InboundEvent {
  platform: PlatformName;
  /** Slack team id, Teams tenant id, '' for web. */
  workspace: string;
  /** Slack user id, Teams AAD object id, web persona id. */
  userId: string;
  /** Locale the platform reports for the user (`sv-SE`, `en-US`), if any. */
  locale?: string;
  /** For the audit trail. */
  requestId: string;
  /** Same for a retried delivery of the same request (Slack trigger_id or event_id, Teams activity id). */
  requestKey?: string;
  input:
    | { type: 'text'; text: string }
    /** A button press: `value` is the ActionPayload the button carried, unvalidated. */
    | { type: 'action'; value: unknown; reason?: string }
    /** A submitted incident form: field values, unvalidated. */
    | { type: 'form'; values: unknown };
}
