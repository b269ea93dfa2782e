import type { Directory } from '../directory/directory.ts';
import type { Locale } from '../shared/platform.types.ts';
import type { OutboundMessage } from '../messages/outbound.types.ts';
import { agencyName } from '../messages/incident-message.ts';
import { formatLocalTime } from '../messages/format-time.ts';
import type { BarChart, BarDatum } from '../charts/bar-chart.ts';
import type { DigestData } from './digest.types.ts';
import { dt } from './digest.i18n.ts';
import type { DigestChartKind } from './digest.types.ts';

export interface DigestRenderOptions {
  locale: Locale;
  scopeName: string;
  /** Set for a scheduled send made after its time (after downtime). */
  late?: { dueAt: Date; sentAt: Date };
}


/** `12 min`, `2,5 min` (one decimal below ten minutes, when there is one), `–` without data. */
function minutes(ms: number | null, locale: Locale): string {
  if (ms === null) return '–';
  const value = ms / 60_000;
  const rounded = value < 10 ? Math.round(value * 10) / 10 : Math.round(value);
  return `${String(rounded).replace('.', locale === 'sv' ? ',' : '.')} min`;
}
const list = (items: string[], locale: Locale) => items.join(', ') || dt('none', locale);

/** The two charts of a digest as data: incidents per area, median minutes to acknowledge per agency. */
export function digestChartData(directory: Directory, data: DigestData, locale: Locale): Record<DigestChartKind, BarDatum[]> {
  return {
    areas: data.figures.byArea.map((a) => ({ label: directory.area(a.areaId)?.name[locale] ?? a.areaId, value: a.count })),
    ack: data.figures.ack.filter((a) => a.medianMs !== null)
      .map((a) => ({ label: agencyName(directory, a.agencyId, locale), value: Math.round(a.medianMs! / 6000) / 10 })),
  };
}

/** A digest chart as data: title, alt text, unit and bars. The platforms draw it (SVG on the web, PNG in Teams). */
export function digestChart(directory: Directory, data: DigestData, kind: DigestChartKind, locale: Locale): BarChart {
  return {
    title: dt(kind === 'areas' ? 'chart.areas' : 'chart.ack', locale, { date: data.window.date }),
    alt: dt(kind === 'areas' ? 'chart.areas.alt' : 'chart.ack.alt', locale),
    ...(kind === 'ack' ? { unit: 'min' } : {}),
    bars: digestChartData(directory, data, locale)[kind],
  };
}

/**
 * The daily digest as one message: a summary line, the numbers as facts (every platform shows these), and the
 * two charts as data for platforms that can draw them.
 */
export function renderDigest(directory: Directory, data: DigestData, options: DigestRenderOptions): OutboundMessage {
  const { locale } = options;
  const tz = directory.settings.timeZone;
  const f = data.figures;
  const hours = (data.window.end.getTime() - data.window.start.getTime()) / 3600_000;
  const missed = f.ack.reduce((sum, a) => sum + a.misses, 0);
  const escalated = f.ack.filter((a) => a.toBackup + a.toSupervisors > 0);
  const escalations = escalated.reduce((sum, e) => sum + e.toBackup + e.toSupervisors, 0);
  const title = `${dt('title', locale, { date: data.window.date, scope: options.scopeName })}${options.late ? dt('title.late', locale) : ''}`;
  const text = [
    dt('summary', locale, { incidents: f.incidents, open: f.stillOpen.count, escalations, missed }),
    hours === 23 ? dt('day.23', locale) : hours === 25 ? dt('day.25', locale) : '',
    options.late ? dt('late.note', locale, { sent: formatLocalTime(options.late.sentAt, tz), due: formatLocalTime(options.late.dueAt, tz) }) : '',
  ].filter(Boolean).join('\n');
  const severityName = (level: number) => `${level} ${directory.severity(level)?.name[locale] ?? ''}`.trim();
  const facts = [
    { label: dt('fact.areas', locale), value: list(f.byArea.map((a) => `${directory.area(a.areaId)?.name[locale] ?? a.areaId} ${a.count}`), locale) },
    { label: dt('fact.categories', locale), value: list(f.byCategory.map((c) => `${directory.category(c.categoryId)?.name[locale] ?? c.categoryId} ${c.count}`), locale) },
    { label: dt('fact.severities', locale), value: list(f.bySeverity.map((s) => `${severityName(s.severity)}: ${s.count}`), locale) },
    {
      label: dt('fact.open', locale),
      value: f.stillOpen.count === 0 ? '0' : `${f.stillOpen.count} (${dt('oldest', locale)}: ${f.stillOpen.oldest
        .map((o) => `${o.ref} ${directory.area(o.areaId)?.name[locale] ?? o.areaId} ${formatLocalTime(o.createdAt, tz)}`).join('; ')})`,
    },
    {
      label: dt('fact.ack', locale),
      value: f.ack.map((a) => dt('ack.line', locale, {
        agency: agencyName(directory, a.agencyId, locale), median: minutes(a.medianMs, locale), p90: minutes(a.p90Ms, locale), misses: a.misses, parts: a.parts,
      }) + (a.parts > a.answered ? dt('ack.unanswered', locale, { count: a.parts - a.answered }) : '')).join('\n') || dt('none', locale),
    },
    {
      label: dt('fact.escalations', locale),
      value: escalated.map((e) => dt('escalation.line', locale, { agency: agencyName(directory, e.agencyId, locale), backup: e.toBackup, supervisors: e.toSupervisors })).join('\n') || dt('none', locale),
    },
    { label: dt('fact.handovers', locale), value: dt('handovers.line', locale, { ...data.handovers }) },
  ];
  return {
    locale,
    tone: options.late || missed > 0 || data.handovers.notAccepted + data.handovers.missing > 0 ? 'warning' : 'info',
    title,
    text,
    facts,
    actions: [],
    fallback: `${title}: ${dt('summary', locale, { incidents: f.incidents, open: f.stillOpen.count, escalations, missed })}`.slice(0, 300),
    audience: 'notification',
    charts: (['areas', 'ack'] as const).map((kind) => digestChart(directory, data, kind, locale)),
  };
}
