/**
 * Charts about how the model learned: the loss curve and feature importance bars. Each returns
 * an inline SVG string, or null when there is nothing to draw (the renderer then leaves the
 * chart out rather than showing an empty frame).
 */

import { formatNumber } from '../lifecycle/metricFormat';
import type { ReportEpoch, ReportImportance } from './reportDocument';
import { escapeHtml } from './text';
import {
  COLORS,
  formatTick,
  linearScale,
  niceDomain,
  niceTicks,
  px,
  svgFrame,
  svgText,
  truncate,
} from './svg';

/** Path data through the finite points; a NaN (a diverged epoch) breaks the line. */
function linePath(points: readonly [number, number][]): string {
  let d = '';
  let pen = false;
  for (const [x, y] of points) {
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${px(x)} ${px(y)}`;
    pen = true;
  }
  return d;
}

function lossSummary(history: readonly ReportEpoch[]): string {
  const train = history.filter((h) => Number.isFinite(h.loss));
  const parts = [`Loss per epoch over ${history.length} epochs.`];
  if (train.length > 0) {
    parts.push(
      `Training loss went from ${formatNumber(train[0]!.loss)} to ${formatNumber(train.at(-1)!.loss)}.`,
    );
  }
  const val = history.filter((h) => h.valLoss !== undefined && Number.isFinite(h.valLoss));
  if (val.length > 0) {
    const best = val.reduce((a, b) => (b.valLoss! < a.valLoss! ? b : a));
    parts.push(
      `Validation loss went from ${formatNumber(val[0]!.valLoss)} to ${formatNumber(val.at(-1)!.valLoss)}, lowest ${formatNumber(best.valLoss)} at epoch ${best.epoch}.`,
    );
  }
  return parts.join(' ');
}

/** Training and validation loss per epoch; null when no epoch has a finite loss. */
export function lossCurveSvg(history: readonly ReportEpoch[]): string | null {
  const losses = history.flatMap((h) => [h.loss, h.valLoss ?? NaN]).filter(Number.isFinite);
  if (losses.length === 0) return null;
  const width = 640;
  const height = 300;
  const m = { left: 64, right: 20, top: 36, bottom: 48 };
  const epochs = history.map((h) => h.epoch);
  const x = linearScale(Math.min(...epochs), Math.max(...epochs), m.left, width - m.right);
  const [y0, y1] = niceDomain(losses);
  const y = linearScale(y0, y1, height - m.bottom, m.top);
  const out: string[] = [];
  for (const t of niceTicks(y0, y1)) {
    out.push(
      `<line x1="${m.left}" x2="${width - m.right}" y1="${px(y(t))}" y2="${px(y(t))}" stroke="${COLORS.grid}"/>`,
      svgText(m.left - 6, y(t) + 4, formatTick(t), { anchor: 'end', size: 11 }),
    );
  }
  const xTicks = niceTicks(Math.min(...epochs), Math.max(...epochs), 6).filter(Number.isInteger);
  for (const t of xTicks) {
    out.push(svgText(x(t), height - m.bottom + 16, String(t), { anchor: 'middle', size: 11 }));
  }
  out.push(
    `<line x1="${m.left}" x2="${width - m.right}" y1="${height - m.bottom}" y2="${height - m.bottom}" stroke="${COLORS.axis}"/>`,
    `<line x1="${m.left}" x2="${m.left}" y1="${m.top}" y2="${height - m.bottom}" stroke="${COLORS.axis}"/>`,
    svgText((m.left + width - m.right) / 2, height - 8, 'Epoch', { anchor: 'middle', size: 12 }),
    svgText(16, (m.top + height - m.bottom) / 2, 'Loss', {
      anchor: 'middle',
      size: 12,
      extra: `transform="rotate(-90 16 ${px((m.top + height - m.bottom) / 2)})"`,
    }),
  );
  const series: { name: string; color: string; dash: string; values: number[] }[] = [
    { name: 'Training loss', color: COLORS.train, dash: '', values: history.map((h) => h.loss) },
  ];
  if (history.some((h) => h.valLoss !== undefined && Number.isFinite(h.valLoss))) {
    series.push({
      name: 'Validation loss',
      color: COLORS.validation,
      dash: ' stroke-dasharray="6 4"',
      values: history.map((h) => h.valLoss ?? NaN),
    });
  }
  series.forEach((s, i) => {
    const points = history.map((h, j): [number, number] => [x(h.epoch), y(s.values[j]!)]);
    out.push(`<path d="${linePath(points)}" fill="none" stroke="${s.color}" stroke-width="2"${s.dash}/>`);
    if (history.length <= 40) {
      for (const [cx, cy] of points.filter(([, py]) => Number.isFinite(py))) {
        out.push(`<circle cx="${px(cx)}" cy="${px(cy)}" r="2.5" fill="${s.color}"/>`);
      }
    }
    const lx = m.left + 8 + i * 150;
    out.push(
      `<line x1="${lx}" x2="${lx + 24}" y1="16" y2="16" stroke="${s.color}" stroke-width="2"${s.dash}/>`,
      svgText(lx + 30, 20, s.name, { size: 12 }),
    );
  });
  return svgFrame('loss-curve', 'Loss curve', lossSummary(history), width, height, out.join('\n'));
}

/**
 * Feature importance as horizontal bars, most important first, with the spread over repeats as
 * a whisker when known. Shows the top `limit`; null when no importance is finite.
 */
export function importanceBarsSvg(importance: readonly ReportImportance[], limit = 25): string | null {
  const all = importance.filter((r) => Number.isFinite(r.importance));
  if (all.length === 0) return null;
  const rows = [...all].sort((a, b) => b.importance - a.importance).slice(0, limit);
  const rowHeight = 22;
  const labelChars = Math.min(28, Math.max(...rows.map((r) => r.feature.length)));
  const left = Math.round(labelChars * 6.6) + 16;
  const plot = 360;
  const width = left + plot + 80;
  const height = rows.length * rowHeight + 40;
  const spread = (r: ReportImportance): number => (r.std !== undefined && Number.isFinite(r.std) ? r.std : 0);
  const [d0, d1] = niceDomain(
    rows.flatMap((r) => [r.importance - spread(r), r.importance + spread(r)]),
    true,
  );
  const x = linearScale(d0, d1, left, left + plot);
  const out: string[] = [];
  for (const t of niceTicks(d0, d1, 4)) {
    out.push(
      `<line x1="${px(x(t))}" x2="${px(x(t))}" y1="8" y2="${height - 28}" stroke="${COLORS.grid}"/>`,
      svgText(x(t), height - 14, formatTick(t), { anchor: 'middle', size: 11 }),
    );
  }
  rows.forEach((r, i) => {
    const top = 10 + i * rowHeight;
    const a = x(Math.min(0, r.importance));
    const b = x(Math.max(0, r.importance));
    const s = spread(r);
    out.push(
      `<g><title>${escapeHtml(r.feature)}: ${formatNumber(r.importance)}${s > 0 ? ` ± ${formatNumber(s)}` : ''}</title>`,
      svgText(left - 8, top + 14, truncate(r.feature, 28), { anchor: 'end', size: 12 }),
      `<rect x="${px(a)}" y="${top + 3}" width="${px(Math.max(1, b - a))}" height="${rowHeight - 6}" fill="${COLORS.bar}"/>`,
    );
    if (s > 0) {
      const cy = px(top + rowHeight / 2);
      out.push(
        `<line x1="${px(x(r.importance - s))}" x2="${px(x(r.importance + s))}" y1="${cy}" y2="${cy}" stroke="${COLORS.axis}"/>`,
      );
    }
    out.push(svgText(left + plot + 6, top + 14, formatNumber(r.importance), { size: 11 }), '</g>');
  });
  out.push(`<line x1="${px(x(0))}" x2="${px(x(0))}" y1="8" y2="${height - 28}" stroke="${COLORS.axis}"/>`);
  const first = rows[0]!;
  const shown = rows.length < all.length ? `the top ${rows.length} of ${all.length}` : `all ${rows.length}`;
  const description = `Importance of ${shown} features, largest first. The most important is ${first.feature} (${formatNumber(first.importance)}).`;
  return svgFrame('feature-importance', 'Feature importance', description, width, height, out.join('\n'));
}
