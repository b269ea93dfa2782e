import type { Locale } from '../shared/platform.types.ts';
import { CoreError } from '../shared/core-error.ts';
import type { ActionIncident, ActionState } from './action.types.ts';

/** Actions change only on open incidents: an erased or closed one is refused, naming why. */
export function requireOpen(incident: ActionIncident): void {
  if (incident.erasedAt) throw new CoreError('incident_erased', { ref: incident.ref });
  if (incident.status !== 'open') throw new CoreError('incident_closed', { ref: incident.ref });
}

const STATE_WORDS: Record<ActionState, Record<Locale, string>> = {
  proposed: { sv: 'föreslagen och inte accepterad', en: 'proposed and not accepted' },
  accepted: { sv: 'redan accepterad', en: 'already accepted' },
  declined: { sv: 'avböjd', en: 'declined' },
  done: { sv: 'redan klar', en: 'already done' },
};
const VERB_WORDS = {
  accept: { sv: 'accepteras', en: 'accepted' },
  decline: { sv: 'avböjas', en: 'declined' },
  done: { sv: 'markeras klar', en: 'marked done' },
} as const;

/** `action_state`: the action is not in a state the step applies to (accepting a declined action, say). */
export function wrongState(ref: string, state: ActionState, verb: keyof typeof VERB_WORDS): CoreError {
  return new CoreError('action_state', { ref, state: STATE_WORDS[state], verb: VERB_WORDS[verb] });
}
