/**
 * Metrics per segment: per value of a categorical column, or per quantile bin of a numeric one,
 * with row counts, flagged where the segment misses the KPI. Shows where a model that passes
 * overall fails a group of rows.
 */
import { isBetter } from '../../lifecycle/metricCatalog';
import type { Column } from '../../table/table';
import type { MetricName } from '../types';
import { sortedQuantile } from './bootstrap';
import { rowMetric, type ScoredRows } from './rowMetric';

export interface Segment {
  /** "Gentoo", "[3.2, 4.1)", "(missing)". */
  label: string;
  rows: number;
  value: number;
  /** The value misses the bar (a KPI threshold, or the whole set's value when no KPI is given). */
  below: boolean;
}

export interface SegmentOptions {
  /** Numeric columns are cut at these many quantiles (default 5). */
  bins?: number;
  /** Categories beyond the `maxSegments` largest are pooled as "(other)" (default 12). */
  maxSegments?: number;
  /** The bar a segment is judged against. */
  kpi?: { op: '>=' | '<='; threshold: number };
}

function formatEdge(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toPrecision(3);
}

/** Segment index per row (of `rowIds`), and the segments' labels. */
function assign(
  column: Column,
  rowIds: ArrayLike<number>,
  options: SegmentOptions,
): { of: Int32Array; labels: string[] } {
  const n = rowIds.length;
  const of = new Int32Array(n);
  if ('codes' in column) {
    const counts = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const c = column.codes[rowIds[i]!]!;
      counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    const kept = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, options.maxSegments ?? 12);
    const index = new Map(kept.map(([c], i) => [c, i]));
    const labels = kept.map(([c]) => (c < 0 ? '(missing)' : column.dictionary[c]!));
    const other = labels.length;
    let pooled = false;
    for (let i = 0; i < n; i++) {
      const s = index.get(column.codes[rowIds[i]!]!);
      if (s === undefined) pooled = true;
      of[i] = s ?? other;
    }
    if (pooled) labels.push('(other)');
    return { of, labels };
  }
  if (column.type === 'boolean') {
    const labels = ['false', 'true', '(missing)'];
    for (let i = 0; i < n; i++) {
      const v = column.values[rowIds[i]!]!;
      of[i] = v === 0 ? 0 : v === 1 ? 1 : 2;
    }
    return { of, labels };
  }
  const values = Float64Array.from({ length: n }, (_, i) => column.values[rowIds[i]!]!);
  const sorted = values.filter((v) => !Number.isNaN(v)).sort();
  const bins = options.bins ?? 5;
  const edges = [
    ...new Set(Array.from({ length: bins - 1 }, (_, b) => sortedQuantile(sorted, (b + 1) / bins))),
  ];
  const lo = sorted[0] ?? NaN;
  const hi = sorted[sorted.length - 1] ?? NaN;
  const bounds = [lo, ...edges, hi];
  const labels =
    edges.length + 1 > 0
      ? bounds.slice(0, -1).map((b, i) => {
          const last = i === bounds.length - 2;
          return `[${formatEdge(b)}, ${formatEdge(bounds[i + 1]!)}${last ? ']' : ')'}`;
        })
      : [];
  const missing = labels.length;
  let anyMissing = false;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) {
      of[i] = missing;
      anyMissing = true;
      continue;
    }
    let s = 0;
    while (s < edges.length && v >= edges[s]!) s++;
    of[i] = s;
  }
  if (anyMissing) labels.push('(missing)');
  return { of, labels };
}

/**
 * `metric` per segment of `column` over the rows of a held-out set (`rowIds` index the column).
 * Empty segments are left out; a segment's value is NaN where the metric is undefined there.
 */
export function segmentMetrics(
  column: Column,
  rowIds: ArrayLike<number>,
  scored: ScoredRows,
  metric: MetricName,
  options: SegmentOptions = {},
): { overall: number; segments: Segment[] } {
  const { of, labels } = assign(column, rowIds, options);
  const metricOf = rowMetric(scored, metric);
  const overall = metricOf(Int32Array.from({ length: rowIds.length }, (_, i) => i));
  const members: number[][] = labels.map(() => []);
  for (let i = 0; i < of.length; i++) members[of[i]!]!.push(i);
  const bar = options.kpi?.threshold ?? overall;
  const segments: Segment[] = [];
  members.forEach((rows, s) => {
    if (!rows.length) return;
    const value = metricOf(Int32Array.from(rows));
    const below = Number.isNaN(value)
      ? false
      : options.kpi
        ? options.kpi.op === '>='
          ? value < bar
          : value > bar
        : isBetter(metric, bar, value);
    segments.push({ label: labels[s]!, rows: rows.length, value, below });
  });
  return { overall, segments };
}
