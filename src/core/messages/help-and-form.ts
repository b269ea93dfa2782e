import type { Directory } from '../directory/directory.ts';
import type { Locale } from '../shared/platform.types.ts';
import type { IncidentFormSpec, OutboundMessage } from './outbound.types.ts';
import { t } from './i18n.ts';
import { plainMessage } from './incident-message.ts';

/** How many area names help lists; past that it says how many more there are (the form lists them all). */
const HELP_AREAS = 40;

/** The command overview, with this deployment's areas and severities ("unknown area" errors point here). */
export function helpMessage(directory: Directory, locale: Locale, extraLines: string[] = []): OutboundMessage {
  const severities = directory.severities.map((s) => `${s.level} ${s.name[locale]}`).join(', ');
  const names = directory.allAreas().filter((a) => a.level !== 'city').map((a) => a.name[locale]).sort((a, b) => a.localeCompare(b, locale));
  const areas = names.slice(0, HELP_AREAS).join(', ') + (names.length > HELP_AREAS ? ` ${t('help.areas.more', locale, { count: names.length - HELP_AREAS })}` : '');
  const lines = [t('help.text', locale, { severities }), ...(names.length ? [t('help.areas', locale, { areas })] : []), ...extraLines];
  return plainMessage(locale, 'info', t('title.help', locale), lines.join('\n'));
}

/** The incident form, with the configured areas, categories and severities as choices. */
export function incidentForm(directory: Directory, locale: Locale): IncidentFormSpec {
  const areas = directory.allAreas()
    .filter((a) => a.level !== 'city')
    .sort((a, b) => a.name[locale].localeCompare(b.name[locale], locale));
  return {
    locale,
    title: t('title.form', locale),
    submitLabel: t('form.submit', locale),
    fields: [
      { id: 'area', label: t('form.area', locale), kind: 'select', required: true, options: areas.map((a) => ({ value: a.id, label: a.name[locale] })) },
      {
        id: 'category', label: t('form.category', locale), kind: 'select', required: true,
        options: directory.allCategories().map((c) => ({ value: c.id, label: c.name[locale] })), initial: directory.settings.defaultCategory,
      },
      {
        id: 'severity', label: t('form.severity', locale), kind: 'select', required: true,
        options: directory.severities.map((s) => ({ value: String(s.level), label: `${s.level} ${s.name[locale]}` })),
        initial: String(directory.settings.defaultSeverity),
      },
      { id: 'description', label: t('form.description', locale), kind: 'textarea', required: true, maxLength: directory.settings.maxDescriptionLength },
      { id: 'sensitiveDetails', label: t('form.sensitive', locale), kind: 'textarea', required: false, maxLength: directory.settings.maxDescriptionLength },
    ],
  };
}
