import type { Histogram } from '../../core/table/profile';
import type { ColumnType } from '../../core/table/table';
import type { Bar } from './BarChart.svelte';
import { formatStat } from '../explore/format';

/** A profile histogram (numeric bins or category bars) as bars for BarChart. */
export function histogramBars(h: Histogram, type: ColumnType): Bar[] {
  if (h.kind === 'bars') {
    const out = h.labels.map((label, i) => ({ label, value: h.counts[i]! }));
    if (h.other > 0) out.push({ label: 'other', value: h.other });
    return out;
  }
  if (h.integer) {
    // At most 20 neighbouring whole numbers (years, months, counts): plain digits read best.
    return h.counts.map((value, i) => ({ label: String(h.edges[i]! + 0.5), value }));
  }
  return h.counts.map((value, i) => {
    const lo = formatStat(h.edges[i]!, type);
    return { label: `${lo} – ${formatStat(h.edges[i + 1]!, type)}`, tick: lo, value };
  });
}
