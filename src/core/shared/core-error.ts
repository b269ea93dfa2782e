import type { TextParams } from '../kernel/text-table.ts';

/** Codes of everything a user can get wrong or be refused; each has a message in Swedish and English. */
export type ErrorCode =
  | 'unknown_person'
  | 'unknown_command'
  | 'missing_area'
  | 'unknown_area'
  | 'missing_description'
  | 'description_too_long'
  | 'unknown_severity'
  | 'unknown_category'
  | 'missing_ref'
  | 'bad_ref'
  | 'unknown_incident'
  | 'not_allowed'
  | 'agency_not_notified'
  | 'incident_closed'
  | 'incident_open'
  | 'missing_reason'
  | 'missing_text'
  | 'text_too_long'
  | 'invalid_form'
  | 'invalid_action'
  | 'control_characters'
  | 'incident_erased'
  // Shifts and rosters
  | 'usage'
  | 'bad_date'
  | 'bad_time'
  | 'bad_days'
  | 'unknown_named_person'
  | 'unknown_roster'
  | 'unknown_shift'
  | 'unknown_target'
  | 'not_in_roster'
  | 'no_agency'
  // Handovers
  | 'not_on_shift'
  | 'handover_already_sent'
  | 'unknown_handover'
  | 'not_incoming'
  | 'no_next_shift'
  // Digests
  | 'digest_scope'
  | 'unknown_digest_word'
  | 'day_not_over'
  // Weekly pack (issue 13, pack)
  | 'pack_week'
  | 'pack_future_week'
  | 'pack_scope'
  | 'pack_word'
  | 'pack_weekday'
  // Lead agency and situation reports
  | 'lead_not_involved'
  | 'sitrep_no_lead'
  | 'sitrep_not_lead'
  | 'sitrep_empty'
  | 'sitrep_too_long'
  | 'sitrep_format'
  // Agency actions (issue 13)
  | 'unknown_agency'
  | 'bad_action_ref'
  | 'unknown_action'
  | 'action_state'
  | 'due_in_past'
  | 'missing_action_reason';

/**
 * The core's one error type: a typed, user-facing failure. `params` fill the message template of `code`
 * (src/core/messages/error-texts.ts), rendered in the reader's language; nothing here is logged as personal data.
 */
export class CoreError extends Error {
  constructor(readonly code: ErrorCode, readonly params: TextParams = {}) {
    super(code);
    this.name = 'CoreError';
  }
}

export const isCoreError = (error: unknown): error is CoreError => error instanceof CoreError;
