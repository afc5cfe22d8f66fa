/**
 * Charts about how well the model did: the confusion matrix heatmap and each KPI's value against
 * its threshold. Inline SVG strings; null when there is nothing to draw.
 */

import { describeKpi, describeSplit } from '../lifecycle/kpi';
import type { KpiResult } from '../lifecycle/kpiEvaluation';
import { metricInfo } from '../lifecycle/metricCatalog';
import { formatMetricValue, formatThreshold } from '../lifecycle/metricFormat';
import type { SplitName } from '../ml/types';
import { COLORS, linearScale, px, svgFrame, svgText, truncate } from './svg';
import { escapeHtml } from './text';

function splitPhrase(split: SplitName): string {
  return split === 'train' ? 'the training set' : describeSplit(split);
}

/** Light to dark blue by the share of the true class: readable in colour and in greyscale. */
function heat(fraction: number): string {
  const f = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  const mix = (a: number, b: number): number => Math.round(a + (b - a) * f);
  return `rgb(${mix(239, 30)},${mix(246, 58)},${mix(255, 138)})`;
}

/**
 * The confusion matrix of one split as a heatmap: rows are true classes, columns predicted,
 * each cell shaded by its share of the row (recall per class) and labelled with its count.
 * Class names are truncated in the drawing and given in full in each cell's tooltip.
 */
export function confusionMatrixSvg(
  matrix: readonly (readonly number[])[],
  classes: readonly string[] | undefined,
  split: SplitName,
): string | null {
  const n = matrix.length;
  if (n === 0 || matrix.some((row) => row.length !== n)) return null;
  const labels = classes?.length === n ? classes : matrix.map((_, i) => `Class ${i + 1}`);
  const shown = labels.map((l) => truncate(l, 18));
  const longest = Math.max(...shown.map((l) => l.length));
  const cell = Math.max(18, Math.min(60, Math.floor(420 / n)));
  const rotate = longest > 3;
  const left = 28 + Math.round(longest * 7) + 8;
  const top = 36;
  const bottom = (rotate ? Math.round(longest * 5.2) : 12) + 36;
  const size = n * cell;
  const width = left + size + 16;
  const height = top + size + bottom;
  const font = Math.max(9, Math.min(14, Math.round(cell * 0.32)));
  const out: string[] = [
    svgText(left + size / 2, 20, 'Predicted class', { anchor: 'middle', size: 12, weight: 'bold' }),
    svgText(14, top + size / 2, 'True class', {
      anchor: 'middle',
      size: 12,
      weight: 'bold',
      extra: `transform="rotate(-90 14 ${px(top + size / 2)})"`,
    }),
  ];
  let correct = 0;
  let total = 0;
  matrix.forEach((row, i) => {
    const rowTotal = row.reduce((a, b) => a + b, 0);
    total += rowTotal;
    correct += row[i] ?? 0;
    out.push(svgText(left - 8, top + i * cell + cell / 2 + 4, shown[i]!, { anchor: 'end', size: 12 }));
    row.forEach((count, j) => {
      const fraction = rowTotal > 0 ? count / rowTotal : 0;
      const share = rowTotal > 0 ? ` (${(fraction * 100).toFixed(1)}% of true ${labels[i]!})` : '';
      const cx = left + j * cell;
      const cy = top + i * cell;
      out.push(
        `<g><title>True ${escapeHtml(labels[i]!)}, predicted ${escapeHtml(labels[j]!)}: ${count}${escapeHtml(share)}</title>`,
        `<rect x="${cx}" y="${cy}" width="${cell}" height="${cell}" fill="${heat(fraction)}" stroke="#ffffff"/>`,
        svgText(cx + cell / 2, cy + cell / 2 + font / 3, String(count), {
          anchor: 'middle',
          size: font,
          fill: fraction > 0.55 ? '#ffffff' : COLORS.text,
        }),
        '</g>',
      );
    });
  });
  shown.forEach((label, j) => {
    const lx = left + j * cell + cell / 2;
    const ly = top + size + 14;
    out.push(
      rotate
        ? svgText(lx, ly, label, {
            anchor: 'end',
            size: 12,
            extra: `transform="rotate(-40 ${px(lx)} ${px(ly)})"`,
          })
        : svgText(lx, ly, label, { anchor: 'middle', size: 12 }),
    );
  });
  const description = `Confusion matrix on ${splitPhrase(split)} for ${n} classes: ${correct} of ${total} rows lie on the diagonal (predicted correctly). Rows are true classes, columns predicted classes; darker cells hold a larger share of their row.`;
  return svgFrame(
    `confusion-${split}`,
    `Confusion matrix, ${splitPhrase(split)}`,
    description,
    width,
    height,
    out.join('\n'),
  );
}

/** The axis for one KPI: the metric's own range where bounded, else stretched to fit value and threshold. */
function kpiDomain(r: KpiResult): [number, number] {
  const info = metricInfo(r.kpi.metric);
  const seen = [r.kpi.threshold, r.value ?? r.kpi.threshold, 0];
  const lo = Number.isFinite(info.min) ? info.min : Math.min(...seen) * 1.2;
  const hi = Number.isFinite(info.max) ? info.max : Math.max(...seen) * 1.2 || 1;
  return [Math.min(lo, 0), hi];
}

/**
 * One bar per KPI showing the measured value, coloured by verdict, with the threshold as a
 * marked line: the KPI table at a glance. Each KPI has its own axis (accuracy runs 0–1, RMSE in
 * target units). Null when there are no KPIs.
 */
export function kpiBarsSvg(results: readonly KpiResult[]): string | null {
  if (results.length === 0) return null;
  const rowHeight = 46;
  const left = 220;
  const plot = 300;
  const width = left + plot + 110;
  const height = results.length * rowHeight + 12;
  const out: string[] = [];
  results.forEach((r, i) => {
    const info = metricInfo(r.kpi.metric);
    const top = 8 + i * rowHeight;
    const [d0, d1] = kpiDomain(r);
    const x = linearScale(d0, d1, left, left + plot);
    const barY = top + 16;
    const colour = COLORS[r.verdict];
    out.push(
      `<g><title>${escapeHtml(describeKpi(r.kpi))}: ${r.verdict === 'missing' ? 'not measured' : `${formatMetricValue(r.kpi.metric, r.value)}, ${r.verdict}`}</title>`,
      svgText(
        left - 10,
        barY + 12,
        truncate(`${info.label} · ${describeSplit(r.kpi.split).replace(/^the /, '')}`, 34),
        {
          anchor: 'end',
          size: 12,
        },
      ),
      `<rect x="${left}" y="${barY}" width="${plot}" height="16" fill="${COLORS.grid}"/>`,
    );
    if (r.value !== null && Number.isFinite(r.value)) {
      const a = x(Math.max(d0, Math.min(0, r.value)));
      const b = x(Math.min(d1, Math.max(0, r.value)));
      out.push(
        `<rect x="${px(a)}" y="${barY}" width="${px(Math.max(1, b - a))}" height="16" fill="${colour}"/>`,
      );
    }
    const tx = x(Math.max(d0, Math.min(d1, r.kpi.threshold)));
    const op = r.kpi.op === '>=' ? '≥' : '≤';
    out.push(
      `<line x1="${px(tx)}" x2="${px(tx)}" y1="${barY - 6}" y2="${barY + 22}" stroke="${COLORS.text}" stroke-width="2"/>`,
      svgText(tx, barY - 8, `${op} ${formatThreshold(r.kpi.metric, r.kpi.threshold)}`, {
        anchor: 'middle',
        size: 10,
      }),
      svgText(
        left + plot + 8,
        barY + 12,
        r.value === null ? 'not measured' : formatMetricValue(r.kpi.metric, r.value),
        {
          size: 12,
          fill: colour,
          weight: 'bold',
        },
      ),
      '</g>',
    );
  });
  const count = (v: string): number => results.filter((r) => r.verdict === v).length;
  const description = `Each KPI's measured value against its threshold (the black line): ${count('pass')} pass, ${count('fail')} fail, ${count('missing')} not measured.`;
  return svgFrame('kpi-bars', 'KPI values against thresholds', description, width, height, out.join('\n'));
}
