/** One bar: a label and a value; `series` splits a bar into stacked parts when given. */
export interface BarDatum {
  label: string;
  value: number;
}

export interface BarChartOptions {
  title: string;
  /** Unit shown after values, e.g. `min`. */
  unit?: string;
  width?: number;
  barHeight?: number;
}

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

/** Geometry shared by the SVG and PNG renderings, so both draw the same chart. */
export function barChartLayout(data: BarDatum[], options: BarChartOptions) {
  const width = options.width ?? 560;
  const barHeight = options.barHeight ?? 22;
  const labelWidth = 190;
  const top = 34;
  const height = top + Math.max(1, data.length) * (barHeight + 8) + 10;
  const max = Math.max(1, ...data.map((d) => d.value));
  const scale = (width - labelWidth - 70) / max;
  return { width, barHeight, labelWidth, top, height, scale };
}

/**
 * A horizontal bar chart as a self-contained SVG (no scripts, no external fonts), readable without colour: every
 * bar carries its value as text. Used by the web console and the digests.
 */
export function barChartSvg(data: BarDatum[], options: BarChartOptions): string {
  const { width, barHeight, labelWidth, top, height, scale } = barChartLayout(data, options);
  const rows = data.map((d, i) => {
    const y = top + i * (barHeight + 8);
    const w = Math.max(1, Math.round(d.value * scale));
    const value = `${Number.isInteger(d.value) ? d.value : d.value.toFixed(1)}${options.unit ? ` ${options.unit}` : ''}`;
    return [
      `<text x="${labelWidth - 8}" y="${y + barHeight * 0.7}" text-anchor="end">${escapeXml(d.label)}</text>`,
      `<rect x="${labelWidth}" y="${y}" width="${w}" height="${barHeight}" fill="#1f5f99" rx="2"><title>${escapeXml(`${d.label}: ${value}`)}</title></rect>`,
      `<text x="${labelWidth + w + 6}" y="${y + barHeight * 0.7}">${escapeXml(value)}</text>`,
    ].join('');
  });
  const empty = data.length === 0 ? `<text x="${labelWidth}" y="${top + barHeight * 0.7}">–</text>` : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(options.title)}" font-family="sans-serif" font-size="13" fill="#111">`
    + `<text x="0" y="18" font-size="15" font-weight="bold">${escapeXml(options.title)}</text>${rows.join('')}${empty}</svg>`;
}
