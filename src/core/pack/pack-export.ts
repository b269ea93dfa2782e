import type { Directory } from '../directory/directory.ts';
import type { Locale } from '../shared/platform.types.ts';
import { packHeading, packTables, type PackCell, type PackTable } from './pack-tables.ts';
import type { WeeklyPack } from './pack.types.ts';

/** One file of an export: a name and its text (UTF-8). */
export interface ExportFile {
  name: string;
  contents: string;
}

/** RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled; CRLF between records. */
function csvField(cell: PackCell): string {
  if (cell === null) return '';
  const text = String(cell);
  // A leading =, +, - or @ would be a formula in a spreadsheet: keep text inert (numbers are written as numbers).
  const inert = typeof cell === 'string' && /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(inert) ? `"${inert.replace(/"/g, '""')}"` : inert;
}

export function tableCsv(table: PackTable): string {
  return [table.columns.map((c) => c.key), ...table.rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

const mdCell = (cell: PackCell) => (cell === null ? '–' : String(cell).replace(/\|/g, '\\|').replace(/\r?\n/g, ' '));

function tableMarkdown(table: PackTable): string {
  if (table.rows.length === 0) return `## ${table.title}\n\n${table.emptyText}\n`;
  const head = `| ${table.columns.map((c) => mdCell(c.label)).join(' | ')} |`;
  const rule = `|${table.columns.map((c) => (c.numeric ? ' ---: ' : ' --- ')).join('|')}|`;
  const rows = table.rows.map((row) => `| ${row.map(mdCell).join(' | ')} |`);
  return `## ${table.title}\n\n${[head, rule, ...rows].join('\n')}\n`;
}

/** The pack as a Markdown document. */
export function packMarkdown(directory: Directory, pack: WeeklyPack, locale: Locale): string {
  const h = packHeading(directory, pack, locale);
  return [`# ${h.title}`, '', h.period, '', h.summary, '', ...packTables(directory, pack, locale).map(tableMarkdown), `_${h.definitions}_`, ''].join('\n');
}

/** `pack-jarva-2026-W23`: the common stem of an export's file names. */
export const packStem = (pack: WeeklyPack) => `pack-${pack.areaId}-${pack.window.week}`;

/**
 * The export a records system takes: one Markdown file with everything and one CSV per table (stable column keys,
 * RFC 4180, UTF-8). No PDF.
 */
export function packExportFiles(directory: Directory, pack: WeeklyPack, locale: Locale): ExportFile[] {
  const stem = packStem(pack);
  return [
    { name: `${stem}.md`, contents: packMarkdown(directory, pack, locale) },
    ...packTables(directory, pack, locale).map((t) => ({ name: `${stem}-${t.id}.csv`, contents: tableCsv(t) })),
  ];
}
