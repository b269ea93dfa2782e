import { textTable } from '../kernel/text-table.ts';

/** Texts of the lead agency and situation reports, Swedish and English. */
export const lt = textTable({
  'fact.lead': { sv: 'Leds av', en: 'Lead agency' },
  'fact.sitrep': { sv: 'Lägesbild {time} ({agency})', en: 'Situation report {time} ({agency})' },
  'fact.sitrep.situation': { sv: 'Läge', en: 'Situation' },
  'fact.sitrep.actions': { sv: 'Åtgärder', en: 'Actions' },
  'fact.sitrep.needs': { sv: 'Behov', en: 'Needs' },
  'fact.sitrep.short': { sv: 'Lägesbild', en: 'Situation report' },
  'sitrep.updated': { sv: 'lägesbild uppdaterad {time}', en: 'situation report updated {time}' },
  'button.take_lead': { sv: 'Ta ledningen', en: 'Take the lead' },
  'button.sitrep': { sv: 'Lägesbild', en: 'Situation report' },
  'sitrep.form.label': {
    sv: 'Läge: … åtgärder: … behov: … (text utan rubriker blir läget)',
    en: 'Situation: … actions: … needs: … (text without headings is the situation)',
  },
  'sitrep.form.placeholder': {
    sv: 'läge: lugnt nu åtgärder: polis patrullerar behov: fältassistenter i kväll',
    en: 'situation: calm now actions: police patrol needs: field workers tonight',
  },
  'lead.done': { sv: '{agency} leder nu arbetet med {ref}.', en: '{agency} now leads the work on {ref}.' },
  'lead.already': { sv: '{agency} leder redan arbetet med {ref}. Inget ändrat.', en: '{agency} already leads the work on {ref}. Nothing changed.' },
  'sitrep.done': { sv: 'Lägesbild för {ref} sparad och skickad till alla kopior.', en: 'Situation report for {ref} saved and sent to every copy.' },
  'status.sitrep.none': { sv: 'ingen lägesbild ännu', en: 'no situation report yet' },
  'help.lines': {
    sv: [
      'lead <nr> <myndighet>  myndigheten leder arbetet (även: leder)',
      'sitrep <nr> läge: … åtgärder: … behov: …  lägesbild från ledande myndighet (även: lägesbild)',
    ].join('\n'),
    en: [
      'lead <no> <agency>  the agency leads the work (also: leder)',
      'sitrep <no> situation: … actions: … needs: …  situation report by the lead agency (also: lägesbild)',
    ].join('\n'),
  },
});
