import type { Directory } from '../directory/directory.ts';
import type { Locale } from '../shared/platform.types.ts';
import { agencyName } from '../messages/incident-message.ts';
import { formatLocalTime } from '../messages/format-time.ts';
import { pt } from './pack.i18n.ts';
import type { PackTrendWeek, WeeklyPack } from './pack.types.ts';

/** A cell: text, a number, or nothing (no value, e.g. no median without answers). */
export type PackCell = string | number | null;

/** One table of the pack, the same for the printable page, the Markdown file and its CSV. */
export interface PackTable {
  /** File-name part of its CSV, e.g. `ack`. */
  id: string;
  title: string;
  /** `key` heads the CSV column (stable for a records system); `label` the printed one. */
  columns: Array<{ key: string; label: string; numeric?: boolean }>;
  rows: PackCell[][];
  /** Said instead of an empty table. */
  emptyText: string;
}

const minutes = (ms: number | null) => (ms === null ? null : Math.round(ms / 6000) / 10);
const onTimePercent = (w: PackTrendWeek) => (w.parts === 0 ? null : Math.round(((w.parts - w.misses) / w.parts) * 1000) / 10);

/** The pack's tables in order, in one language. */
export function packTables(directory: Directory, pack: WeeklyPack, locale: Locale): PackTable[] {
  const l = locale;
  const tz = directory.settings.timeZone;
  const f = pack.figures;
  const col = (key: string, label: Parameters<typeof pt>[0], numeric = false) => ({ key, label: pt(label, l), numeric });
  const empty = pt('empty', l);
  const trendRows = [...pack.previous, pack.current].map((w) => [w.week, w.newIncidents, w.openAtEnd, w.answered, w.misses, onTimePercent(w)]);
  const avg = (pick: (w: PackTrendWeek) => number) => Math.round((pack.previous.reduce((s, w) => s + pick(w), 0) / Math.max(1, pack.previous.length)) * 10) / 10;
  const averages = { newIncidents: avg((w) => w.newIncidents), openAtEnd: avg((w) => w.openAtEnd), answered: avg((w) => w.answered), misses: avg((w) => w.misses) };
  const delta = (now: number, before: number) => Math.round((now - before) * 10) / 10;
  return [
    {
      id: 'categories', title: pt('table.category', l), emptyText: empty,
      columns: [col('category_id', 'col.category'), col('count', 'col.count', true)],
      rows: f.byCategory.map((r) => [directory.category(r.categoryId)?.name[l] ?? r.categoryId, r.count]),
    },
    {
      id: 'severities', title: pt('table.severity', l), emptyText: empty,
      columns: [col('severity', 'col.severity'), col('count', 'col.count', true)],
      rows: f.bySeverity.map((r) => [`${r.severity} ${directory.severity(r.severity)?.name[l] ?? ''}`.trim(), r.count]),
    },
    {
      id: 'open', title: pt('table.open', l), emptyText: empty,
      columns: [col('incident', 'col.ref'), col('area_id', 'col.area'), col('severity', 'col.severity', true), col('registered', 'col.since')],
      rows: f.stillOpen.oldest.map((o) => [o.ref, directory.area(o.areaId)?.name[l] ?? o.areaId, o.severity, formatLocalTime(o.createdAt, tz)]),
    },
    {
      id: 'ack', title: pt('table.ack', l), emptyText: empty,
      columns: [col('agency', 'col.agency'), col('alerted', 'col.parts', true), col('answered', 'col.answered', true), col('median_minutes', 'col.median', true),
        col('p90_minutes', 'col.p90', true), col('missed', 'col.misses', true)],
      rows: f.ack.map((a) => [agencyName(directory, a.agencyId, l), a.parts, a.answered, minutes(a.medianMs), minutes(a.p90Ms), a.misses]),
    },
    {
      id: 'escalations', title: pt('table.escalations', l), emptyText: empty,
      columns: [col('agency', 'col.agency'), col('to_backup', 'col.to_backup', true), col('to_supervisors', 'col.to_supervisors', true)],
      rows: f.ack.filter((e) => e.toBackup + e.toSupervisors > 0).map((e) => [agencyName(directory, e.agencyId, l), e.toBackup, e.toSupervisors]),
    },
    {
      id: 'handovers', title: pt('table.handovers', l), emptyText: empty,
      columns: [col('what', 'col.what'), col('count', 'col.count', true)],
      rows: [
        [pt('handover.expected', l), pack.handovers.expected], [pt('handover.on_time', l), pack.handovers.onTime], [pt('handover.late', l), pack.handovers.late],
        [pt('handover.not_accepted', l), pack.handovers.notAccepted], [pt('handover.missing', l), pack.handovers.missing],
      ],
    },
    {
      id: 'trend', title: pt('table.trend', l), emptyText: empty,
      columns: [col('week', 'col.week'), col('new', 'col.new', true), col('open_at_end', 'col.open_end', true), col('answered', 'col.answered', true),
        col('missed', 'col.misses', true), col('answered_in_time_percent', 'col.on_time', true)],
      rows: [
        ...trendRows,
        [pt('trend.average', l), averages.newIncidents, averages.openAtEnd, averages.answered, averages.misses, null],
        [pt('trend.change', l), delta(pack.current.newIncidents, averages.newIncidents), delta(pack.current.openAtEnd, averages.openAtEnd),
          delta(pack.current.answered, averages.answered), delta(pack.current.misses, averages.misses), null],
      ],
    },
    {
      id: 'actions', title: pt('table.actions', l), emptyText: pt('actions.none', l),
      columns: [col('agency', 'col.agency'), col('open', 'col.open', true), col('overdue', 'col.overdue', true)],
      rows: pack.actions.byAgency.map((a) => [agencyName(directory, a.agencyId, l), a.open, a.overdue]),
    },
  ];
}

/** Title, period and the one-line summary, in one language. */
export function packHeading(directory: Directory, pack: WeeklyPack, locale: Locale): { title: string; period: string; summary: string; definitions: string } {
  const tz = directory.settings.timeZone;
  return {
    title: pt('title', locale, { area: directory.area(pack.areaId)?.name[locale] ?? pack.areaId, week: pack.window.week }),
    period: pt('period', locale, { from: pack.window.date, to: pack.window.lastDay, generated: formatLocalTime(pack.generatedAt, tz) }),
    summary: pt('summary', locale, { incidents: pack.current.newIncidents, open: pack.current.openAtEnd, misses: pack.current.misses, parts: pack.current.parts }),
    definitions: pt('definitions', locale),
  };
}
