// A text alternative for any Plotly chart of the workbench, derived from its traces: the
// interactive charts (heat maps, scatter plots, grouped bars, box plots) are canvases and SVG
// that a screen reader cannot read, so each says in words what it holds.
import { describeBars } from '../../core/chart/summary';

type Trace = Record<string, unknown>;

const nums = (v: unknown): number[] =>
  Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number' && Number.isFinite(x)) : [];
const texts = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
const fmt = (v: number): string => String(Number(v.toPrecision(3)));
// A loop, not Math.min(...values): spreading the 600,000 cells of a wide table's missing-value
// map overflowed the call stack.
function range(values: readonly number[]): string {
  if (!values.length) return 'no values';
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return `from ${fmt(lo)} to ${fmt(hi)}`;
}

function describeTrace(t: Trace): string {
  const name = typeof t['name'] === 'string' && t['name'] ? `${t['name']}: ` : '';
  switch (t['type']) {
    case 'heatmap': {
      const z = Array.isArray(t['z']) ? (t['z'] as unknown[]) : [];
      const x = texts(t['x']);
      const values = z.flatMap(nums);
      return `${name}heat map of ${z.length} rows × ${x.length} columns (${x.slice(0, 12).join(', ')}${x.length > 12 ? ', …' : ''}), values ${range(values)}.`;
    }
    case 'scatter':
    case 'scattergl': {
      const x = nums(t['x']);
      const y = nums(t['y']);
      const n = Math.max(x.length, y.length);
      return `${name}${n} point${n === 1 ? '' : 's'}, x ${range(x)}, y ${range(y)}.`;
    }
    case 'bar': {
      const x = texts(t['x']);
      const y = nums(t['y']);
      return `${name}${describeBars(x.map((label, i) => ({ label, value: y[i] ?? 0 })))}`;
    }
    case 'box': {
      const [q1] = nums(t['q1']);
      const [median] = nums(t['median']);
      const [q3] = nums(t['q3']);
      return median === undefined
        ? `${name}box plot.`
        : `${name}median ${fmt(median)}, middle half ${fmt(q1 ?? median)}–${fmt(q3 ?? median)}.`;
    }
    default:
      return `${name}${String(t['type'] ?? 'chart')}.`;
  }
}

/** One paragraph describing every trace; long charts are cut after `limit` traces. */
export function describePlot(traces: readonly unknown[], limit = 12): string {
  const list = traces.filter((t): t is Trace => typeof t === 'object' && t !== null);
  const parts = list.slice(0, limit).map(describeTrace);
  if (list.length > limit) parts.push(`${list.length - limit} more series.`);
  return parts.join(' ');
}
