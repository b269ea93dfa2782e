import { barChartLayout, type BarChartOptions, type BarDatum } from '../../../src/core/charts/bar-chart.ts';

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

/**
 * A horizontal bar chart as a self-contained SVG (no scripts, no external fonts), readable without colour: every
 * bar carries its value as text. The web console's drawing of the core's chart data (supervisor view, digests).
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
