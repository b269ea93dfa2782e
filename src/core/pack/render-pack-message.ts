import type { Directory } from '../directory/directory.ts';
import type { Locale } from '../shared/platform.types.ts';
import type { MessageFact, OutboundMessage } from '../messages/outbound.types.ts';
import { formatLocalTime } from '../messages/format-time.ts';
import { packHeading, packTables, type PackCell, type PackTable } from './pack-tables.ts';
import { pt } from './pack.i18n.ts';
import type { WeeklyPack } from './pack.types.ts';

/** Rows of one table shown in chat; the rest are counted ("… and 3 more") and are on the printable page. */
export const CHAT_TABLE_ROWS = 8;

export interface PackMessageOptions {
  locale: Locale;
  /** The printable page's address (SAMBAND_PUBLIC_URL + `/supervisor/pack?...`), when the deployment has one. */
  pageUrl?: string;
  /** A scheduled send made after its time (after downtime). */
  late?: boolean;
}

const cellText = (cell: PackCell) => (cell === null ? '–' : String(cell));

/** A table as lines: `Polisen: Larmade 3 · Svarade 3 · Median (min) 10`; the first column names the row. */
function tableLines(table: PackTable, locale: Locale): string {
  if (table.rows.length === 0) return table.emptyText;
  const lines = table.rows.slice(0, CHAT_TABLE_ROWS).map((row) =>
    `${cellText(row[0])}: ${row.slice(1).map((cell, i) => `${table.columns[i + 1].label} ${cellText(cell)}`).join(' · ')}`);
  const more = table.rows.length - CHAT_TABLE_ROWS;
  return [...lines, ...(more > 0 ? [pt('chat.more', locale, { count: more })] : [])].join('\n');
}

/**
 * The weekly pack as one chat message: the summary, each table as a fact (at most CHAT_TABLE_ROWS rows each; each
 * platform's renderer keeps the whole within its limits), and the link to the printable page when there is one.
 * The pack names incidents by reference, area and time only, never their descriptions, so every audience may get it.
 */
export function renderPackMessage(directory: Directory, pack: WeeklyPack, options: PackMessageOptions): OutboundMessage {
  const { locale } = options;
  const heading = packHeading(directory, pack, locale);
  const title = `${heading.title}${options.late ? pt('chat.late', locale) : ''}`;
  const open = pack.actions.byAgency.reduce((sum, a) => sum + a.open, 0);
  const overdue = pack.actions.byAgency.reduce((sum, a) => sum + a.overdue, 0);
  const text = [
    heading.period,
    heading.summary,
    pt('chat.actions', locale, { at: formatLocalTime(pack.actions.at, directory.settings.timeZone), open, overdue }),
    options.pageUrl ? pt('chat.link', locale, { url: options.pageUrl }) : '',
  ].filter(Boolean).join('\n');
  const facts: MessageFact[] = packTables(directory, pack, locale).map((table) => ({ label: table.title, value: tableLines(table, locale) }));
  return {
    locale,
    tone: options.late || pack.current.misses > 0 || overdue > 0 ? 'warning' : 'info',
    title,
    text,
    facts,
    actions: [],
    fallback: `${title}: ${heading.summary}`.slice(0, 300),
    audience: 'notification',
  };
}

/** `<public url>/supervisor/pack?area=jarva&week=2026-W47`, or undefined without a public address. */
export function packPageUrl(publicUrl: string | undefined, pack: WeeklyPack): string | undefined {
  if (!publicUrl) return undefined;
  return `${publicUrl}/supervisor/pack?area=${encodeURIComponent(pack.areaId)}&week=${encodeURIComponent(pack.window.week)}`;
}
