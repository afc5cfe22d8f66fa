/**
 * Text alternatives for charts: what a sighted reader takes from a curve or a bar chart, in one
 * or two sentences, for screen readers and for anyone who wants the numbers (shown under each
 * chart as "Chart as text").
 */
import { formatTick } from './scale';

export interface SummaryPoint {
  x: number;
  y: number;
}

const num = (v: number): string => formatTick(Number(v.toPrecision(3)));

/**
 * "training loss: 40 points (x 1–40), from 1.09 to 0.21, lowest 0.2 at x 38." per series;
 * points with a non-finite y are gaps and are not counted.
 */
export function describeSeries(series: readonly { name: string; points: readonly SummaryPoint[] }[]): string {
  const parts = series.map(({ name, points }) => {
    const pts = points.filter((p) => Number.isFinite(p.y));
    if (!pts.length) return `${name}: no points yet.`;
    const first = pts[0]!;
    const last = pts[pts.length - 1]!;
    const low = pts.reduce((a, b) => (b.y < a.y ? b : a));
    const high = pts.reduce((a, b) => (b.y > a.y ? b : a));
    const span = pts.length === 1 ? `x ${num(first.x)}` : `x ${num(first.x)}–${num(last.x)}`;
    return (
      `${name}: ${pts.length} point${pts.length === 1 ? '' : 's'} (${span}), from ${num(first.y)} to ${num(last.y)}, ` +
      `lowest ${num(low.y)} at x ${num(low.x)}, highest ${num(high.y)} at x ${num(high.x)}.`
    );
  });
  return parts.join(' ');
}

/**
 * "12 bars; largest: Adelie 152, Gentoo 124, Chinstrap 68." Up to `top` bars by value, then how
 * many more; in the bars' own order when they all fit (a histogram reads left to right).
 */
export function describeBars(bars: readonly { label: string; value: number }[], top = 8): string {
  if (!bars.length) return 'No bars.';
  const total = bars.reduce((s, b) => s + b.value, 0);
  const head = `${bars.length} bar${bars.length === 1 ? '' : 's'}, ${num(total)} in all`;
  if (bars.length <= top) return `${head}: ${bars.map((b) => `${b.label} ${num(b.value)}`).join(', ')}.`;
  const largest = [...bars].sort((a, b) => b.value - a.value).slice(0, top);
  return `${head}; largest: ${largest.map((b) => `${b.label} ${num(b.value)}`).join(', ')}; ${bars.length - top} more.`;
}
