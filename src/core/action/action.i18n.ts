import { textTable } from '../kernel/text-table.ts';

/** Texts of agency actions, Swedish and English. */
export const at = textTable({
  'help.lines': {
    sv: [
      'åtgärd <nr> <myndighet> <text> [senast <datum> [hh:mm]]: föreslå en åtgärd för en myndighet',
      'åtgärd acceptera <nr>/<löpnr> · åtgärd avböj <nr>/<löpnr> <skäl>: svara för din myndighet',
      'åtgärd klar <nr>/<löpnr> [anteckning]: markera en accepterad åtgärd som klar',
    ].join('\n'),
    en: [
      'action <no> <agency> <text> [due <date> [hh:mm]]: propose an action for an agency',
      'action accept <no>/<seq> · action decline <no>/<seq> <reason>: answer for your agency',
      'action done <no>/<seq> [note]: mark an accepted action done',
    ].join('\n'),
  },
  'usage.propose': { sv: 'åtgärd <nr> <myndighet> <text> [senast <datum>]', en: 'action <no> <agency> <text> [due <date>]' },
  'usage.accept': { sv: 'åtgärd acceptera <nr>/<löpnr>', en: 'action accept <no>/<seq>' },
  'usage.decline': { sv: 'åtgärd avböj <nr>/<löpnr> <skäl>', en: 'action decline <no>/<seq> <reason>' },
  'usage.done': { sv: 'åtgärd klar <nr>/<löpnr> [anteckning]', en: 'action done <no>/<seq> [note]' },
  'proposal.title': { sv: 'Åtgärd {ref} för {agency}', en: 'Action {ref} for {agency}' },
  'proposal.by': { sv: 'Föreslagen av {person}. Svara senast {deadline}.', en: 'Proposed by {person}. Please answer by {deadline}.' },
  'proposal.hidden': {
    sv: 'Texten visas inte här. Läs den i ett personligt meddelande: status {incident}.',
    en: 'The text is not shown here. Read it in a personal message: status {incident}.',
  },
  'fact.action': { sv: 'Åtgärd', en: 'Action' },
  'fact.due': { sv: 'Klar senast', en: 'Due' },
  'fact.state': { sv: 'Status', en: 'Status' },
  'fact.reason': { sv: 'Skäl', en: 'Reason' },
  'fact.note': { sv: 'Anteckning', en: 'Note' },
  'state.proposed': { sv: 'Föreslagen', en: 'Proposed' },
  'state.accepted': { sv: 'Accepterad av {person} {time}', en: 'Accepted by {person} {time}' },
  'state.declined': { sv: 'Avböjd av {person} {time}', en: 'Declined by {person} {time}' },
  'state.done': { sv: 'Klar, {person} {time}', en: 'Done, {person} {time}' },
  'state.overdue': { sv: 'försenad', en: 'overdue' },
  'button.accept': { sv: 'Acceptera', en: 'Accept' },
  'button.decline': { sv: 'Avböj', en: 'Decline' },
  'button.done': { sv: 'Klar', en: 'Done' },
  'reason.label': { sv: 'Varför avböjer ni?', en: 'Why do you decline?' },
  'reason.placeholder': { sv: 't.ex. inte vårt uppdrag', en: 'e.g. not our remit' },
  'reply.proposed': {
    sv: 'Åtgärd {ref} föreslagen för {agency}. De har till {deadline} att svara.',
    en: 'Action {ref} proposed to {agency}. They have until {deadline} to answer.',
  },
  'reply.accepted': { sv: 'Åtgärd {ref} är accepterad för {agency}.', en: 'Action {ref} accepted for {agency}.' },
  'reply.declined': { sv: 'Åtgärd {ref} är avböjd för {agency}.', en: 'Action {ref} declined for {agency}.' },
  'reply.done': { sv: 'Åtgärd {ref} är klar.', en: 'Action {ref} is done.' },
  'outcome.accepted': { sv: '{agency} har accepterat åtgärd {ref} ({person}).', en: '{agency} accepted action {ref} ({person}).' },
  'outcome.declined': { sv: '{agency} har avböjt åtgärd {ref} ({person}): {reason}', en: '{agency} declined action {ref} ({person}): {reason}' },
  'outcome.done': { sv: '{agency} har gjort klart åtgärd {ref} ({person}).', en: '{agency} finished action {ref} ({person}).' },
  'escalated.title': { sv: 'Försenad åtgärd {ref} för {agency}', en: 'Overdue action {ref} for {agency}' },
  'escalated.unanswered.backup': {
    sv: '{agency} har inte svarat på åtgärden inom {minutes} min. Ni är reservmottagare.',
    en: '{agency} has not answered the action within {minutes} min. You are the backup recipient.',
  },
  'escalated.unanswered.supervisor': {
    sv: '{agency} har inte svarat på åtgärd {ref}.',
    en: '{agency} has not answered action {ref}.',
  },
  'escalated.overdue.backup': {
    sv: '{agency} accepterade åtgärden men den är inte klar (senast {due}). Ni är reservmottagare.',
    en: '{agency} accepted the action but it is not done (due {due}). You are the backup recipient.',
  },
  'escalated.overdue.supervisor': {
    sv: 'Åtgärd {ref} för {agency} är inte klar (senast {due}).',
    en: 'Action {ref} for {agency} is not done (due {due}).',
  },
  // The "Propose action" button on the incident card and its form field (typed like the command, after the number).
  'button.propose': { sv: 'Föreslå åtgärd', en: 'Propose action' },
  'usage.form': { sv: '<myndighet> <text> [senast <datum>]', en: '<agency> <text> [due <date>]' },
  'form.label': { sv: 'Myndighet, åtgärd och ev. senast-datum', en: 'Agency, action and optional due date' },
  'form.label.agencies': {
    sv: 'Myndighet ({agencies} …), åtgärd och ev. senast-datum',
    en: 'Agency ({agencies} …), action and optional due date',
  },
  'form.placeholder': { sv: 'polisen öka patrulleringen senast 2026-12-03', en: 'police step up patrols due 2026-12-03' },
  'list.title': { sv: 'Åtgärder för {ref}', en: 'Actions on {ref}' },
  'erased': { sv: '(gallrad)', en: '(erased)' },
});
