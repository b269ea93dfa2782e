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
  | 'incident_erased';

/** A typed, user-facing failure. `params` fill the message template; nothing here is logged as personal data. */
export class CoreError extends Error {
  constructor(readonly code: ErrorCode, readonly params: Record<string, string | number> = {}) {
    super(code);
    this.name = 'CoreError';
  }
}

export const isCoreError = (error: unknown): error is CoreError => error instanceof CoreError;
