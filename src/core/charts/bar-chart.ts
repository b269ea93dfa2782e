/**
 * A chart as data: what it shows (title, alt text, unit, bars), never how. The edges draw it: the web console as SVG
 * (adapters/web/render/bar-chart-svg.ts), Teams as PNG (adapters/teams/bar-chart-png.ts); Slack shows the numbers.
 */

/** One bar: a label and a value. */
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

/** A horizontal bar chart that goes with a message: the facts carry the same numbers. */
export interface BarChart {
  title: string;
  /** What the chart shows, for people who cannot see it. */
  alt: string;
  unit?: string;
  bars: BarDatum[];
}

/**
 * Where things go in a drawn bar chart, in pixels: shared by the SVG and the PNG drawings, so both show the same
 * chart. Arithmetic only; the drawing is the edge's.
 */
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
