/**
 * The evaluation charts as SVG text: curves (ROC, PR, calibration, gain, partial dependence),
 * scatter plots (predicted against actual, residuals), signed horizontal bars (importance,
 * reasons, segments) and histograms. The page shows these same strings and the report embeds
 * them, so what the user saw is what the report keeps. Every text is escaped by svgText/svgFrame.
 */
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
import { escapeHtml } from './text';

export const SERIES_COLORS = ['#1d4ed8', '#c2410c', '#15803d', '#7c3aed', '#b45309', '#0f766e'];

export interface CurveSeries {
  name: string;
  points: readonly { x: number; y: number }[];
  dashed?: boolean;
  /** Grey and thin: a baseline or a reference line. */
  muted?: boolean;
  /** Draw dots at the points (calibration bins). */
  dots?: boolean;
}

export interface ChartOptions {
  xLabel: string;
  yLabel: string;
  xDomain?: [number, number];
  yDomain?: [number, number];
  /** Vertical markers (a chosen or best threshold). */
  markers?: { x: number; label: string; color?: string }[];
  width?: number;
  height?: number;
}

function axes(
  out: string[],
  o: { x: (v: number) => number; y: (v: number) => number; xd: [number, number]; yd: [number, number] },
  m: { left: number; right: number; top: number; bottom: number },
  width: number,
  height: number,
  labels: { xLabel: string; yLabel: string },
): void {
  for (const t of niceTicks(o.yd[0], o.yd[1], 4)) {
    out.push(
      `<line x1="${px(m.left)}" x2="${px(width - m.right)}" y1="${px(o.y(t))}" y2="${px(o.y(t))}" stroke="${COLORS.grid}"/>`,
    );
    out.push(svgText(m.left - 6, o.y(t) + 4, formatTick(t), { anchor: 'end', size: 10, fill: COLORS.axis }));
  }
  for (const t of niceTicks(o.xd[0], o.xd[1], 5)) {
    out.push(
      svgText(o.x(t), height - m.bottom + 14, formatTick(t), {
        anchor: 'middle',
        size: 10,
        fill: COLORS.axis,
      }),
    );
  }
  out.push(
    `<line x1="${px(m.left)}" x2="${px(width - m.right)}" y1="${px(height - m.bottom)}" y2="${px(height - m.bottom)}" stroke="${COLORS.axis}"/>`,
  );
  out.push(
    svgText((m.left + width - m.right) / 2, height - 6, labels.xLabel, {
      anchor: 'middle',
      size: 11,
      fill: COLORS.text,
    }),
  );
  out.push(
    svgText(12, (m.top + height - m.bottom) / 2, labels.yLabel, {
      anchor: 'middle',
      size: 11,
      fill: COLORS.text,
      extra: `transform="rotate(-90 12 ${px((m.top + height - m.bottom) / 2)})"`,
    }),
  );
}

/** Curves on one chart, with a legend; points with a non-finite y break the line. */
export function lineChartSvg(
  id: string,
  title: string,
  description: string,
  series: readonly CurveSeries[],
  o: ChartOptions,
): string {
  const width = o.width ?? 440;
  const height = o.height ?? 300;
  const legendRows = Math.ceil(series.length / 3);
  const m = { left: 52, right: 12, top: 10 + legendRows * 15, bottom: 40 };
  const all = series.flatMap((s) => s.points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y)));
  const xd = o.xDomain ?? niceDomain(all.map((p) => p.x));
  const yd = o.yDomain ?? niceDomain(all.map((p) => p.y));
  const x = linearScale(xd[0], xd[1], m.left, width - m.right);
  const y = linearScale(yd[0], yd[1], height - m.bottom, m.top);
  const out: string[] = [];
  axes(out, { x, y, xd, yd }, m, width, height, o);
  series.forEach((s, i) => {
    const color = s.muted ? '#9ca3af' : SERIES_COLORS[i % SERIES_COLORS.length]!;
    let d = '';
    let pen = false;
    for (const p of s.points) {
      if (!Number.isFinite(p.y) || !Number.isFinite(p.x)) {
        pen = false;
        continue;
      }
      d += `${pen ? 'L' : 'M'}${px(x(p.x))},${px(y(p.y))}`;
      pen = true;
    }
    const dash = s.dashed ? ' stroke-dasharray="5 4"' : '';
    out.push(
      `<path d="${d}" fill="none" stroke="${color}" stroke-width="${s.muted ? 1.2 : 2}"${dash}><title>${escapeHtml(s.name)}</title></path>`,
    );
    if (s.dots) {
      for (const p of s.points) {
        if (Number.isFinite(p.y))
          out.push(`<circle cx="${px(x(p.x))}" cy="${px(y(p.y))}" r="3" fill="${color}"/>`);
      }
    }
    const lx = m.left + (i % 3) * 130;
    const ly = 8 + Math.floor(i / 3) * 15;
    out.push(
      `<line x1="${px(lx)}" x2="${px(lx + 18)}" y1="${px(ly)}" y2="${px(ly)}" stroke="${color}" stroke-width="2"${dash}/>`,
    );
    out.push(svgText(lx + 22, ly + 4, truncate(s.name, 18), { size: 10, fill: COLORS.text }));
  });
  for (const mk of o.markers ?? []) {
    if (mk.x < xd[0] || mk.x > xd[1]) continue;
    const color = mk.color ?? COLORS.fail;
    out.push(
      `<line x1="${px(x(mk.x))}" x2="${px(x(mk.x))}" y1="${px(m.top)}" y2="${px(height - m.bottom)}" stroke="${color}" stroke-dasharray="3 3"/>`,
    );
    out.push(svgText(x(mk.x) + 3, m.top + 10, mk.label, { size: 10, fill: color }));
  }
  return svgFrame(id, title, description, width, height, out.join(''));
}

/** A scatter plot; `diagonal` draws y = x, `zeroLine` y = 0. */
export function scatterSvg(
  id: string,
  title: string,
  description: string,
  points: readonly { x: number; y: number }[],
  o: ChartOptions & { diagonal?: boolean; zeroLine?: boolean },
): string {
  const width = o.width ?? 440;
  const height = o.height ?? 300;
  const m = { left: 56, right: 12, top: 12, bottom: 40 };
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const xd = o.xDomain ?? niceDomain(o.diagonal ? [...xs, ...ys] : xs);
  const yd = o.yDomain ?? niceDomain(o.diagonal ? [...xs, ...ys] : o.zeroLine ? [...ys, 0] : ys);
  const x = linearScale(xd[0], xd[1], m.left, width - m.right);
  const y = linearScale(yd[0], yd[1], height - m.bottom, m.top);
  const out: string[] = [];
  axes(out, { x, y, xd, yd }, m, width, height, o);
  if (o.diagonal) {
    const lo = Math.max(xd[0], yd[0]);
    const hi = Math.min(xd[1], yd[1]);
    out.push(
      `<line x1="${px(x(lo))}" y1="${px(y(lo))}" x2="${px(x(hi))}" y2="${px(y(hi))}" stroke="#9ca3af" stroke-dasharray="4 3"/>`,
    );
  }
  if (o.zeroLine)
    out.push(
      `<line x1="${px(m.left)}" x2="${px(width - m.right)}" y1="${px(y(0))}" y2="${px(y(0))}" stroke="#9ca3af" stroke-dasharray="4 3"/>`,
    );
  for (const p of points)
    out.push(`<circle cx="${px(x(p.x))}" cy="${px(y(p.y))}" r="2" fill="${COLORS.bar}" fill-opacity="0.5"/>`);
  return svgFrame(id, title, description, width, height, out.join(''));
}

export interface SignedBar {
  label: string;
  value: number;
  /** ± this much, drawn as a whisker (a standard deviation or error). */
  spread?: number;
  /** Drawn in the fail colour (a segment below its KPI). */
  flagged?: boolean;
  /** Text after the bar (the value, formatted). */
  note?: string;
}

/** Horizontal bars from a zero line, negative to the left, with optional whiskers. */
export function barsSvg(
  id: string,
  title: string,
  description: string,
  bars: readonly SignedBar[],
  o: { xLabel: string; width?: number },
): string {
  const width = o.width ?? 520;
  const row = 20;
  const m = { left: 150, right: 90, top: 8, bottom: 34 };
  const height = m.top + m.bottom + bars.length * row;
  const ext = bars
    .flatMap((b) => [b.value - (b.spread ?? 0), b.value + (b.spread ?? 0), 0])
    .filter(Number.isFinite);
  const xd = niceDomain(ext);
  const x = linearScale(xd[0], xd[1], m.left, width - m.right);
  const out: string[] = [];
  for (const t of niceTicks(xd[0], xd[1], 4)) {
    out.push(
      `<line x1="${px(x(t))}" x2="${px(x(t))}" y1="${px(m.top)}" y2="${px(height - m.bottom)}" stroke="${COLORS.grid}"/>`,
    );
    out.push(
      svgText(x(t), height - m.bottom + 14, formatTick(t), { anchor: 'middle', size: 10, fill: COLORS.axis }),
    );
  }
  out.push(
    svgText((m.left + width - m.right) / 2, height - 6, o.xLabel, {
      anchor: 'middle',
      size: 11,
      fill: COLORS.text,
    }),
  );
  bars.forEach((b, i) => {
    const top = m.top + i * row + 3;
    const v = Number.isFinite(b.value) ? b.value : 0;
    const x0 = x(Math.min(0, v));
    const x1 = x(Math.max(0, v));
    const color = b.flagged ? COLORS.fail : v < 0 ? COLORS.validation : COLORS.bar;
    out.push(`<g><title>${escapeHtml(`${b.label}: ${b.note ?? formatTick(v)}`)}</title>`);
    out.push(
      svgText(m.left - 6, top + 11, truncate(b.label, 22), { anchor: 'end', size: 11, fill: COLORS.text }),
    );
    out.push(
      `<rect x="${px(x0)}" y="${px(top)}" width="${px(Math.max(1, x1 - x0))}" height="${px(row - 7)}" fill="${color}"/>`,
    );
    if (b.spread && Number.isFinite(b.spread)) {
      out.push(
        `<line x1="${px(x(v - b.spread))}" x2="${px(x(v + b.spread))}" y1="${px(top + 6)}" y2="${px(top + 6)}" stroke="${COLORS.text}"/>`,
      );
    }
    out.push(
      svgText(width - m.right + 4, top + 11, b.note ?? formatTick(v), { size: 10, fill: COLORS.axis }),
    );
    out.push('</g>');
  });
  out.push(
    `<line x1="${px(x(0))}" x2="${px(x(0))}" y1="${px(m.top)}" y2="${px(height - m.bottom)}" stroke="${COLORS.axis}"/>`,
  );
  return svgFrame(id, title, description, width, height, out.join(''));
}

/** A histogram of equal-width bins. */
export function histogramSvg(
  id: string,
  title: string,
  description: string,
  bins: readonly { from: number; to: number; count: number }[],
  o: { xLabel: string; width?: number; height?: number },
): string {
  const width = o.width ?? 440;
  const height = o.height ?? 240;
  const m = { left: 48, right: 12, top: 10, bottom: 40 };
  if (!bins.length) return svgFrame(id, title, description, width, height, '');
  const xd: [number, number] = [bins[0]!.from, bins[bins.length - 1]!.to];
  const yd = niceDomain(
    bins.map((b) => b.count),
    true,
  );
  const x = linearScale(xd[0], xd[1] === xd[0] ? xd[0] + 1 : xd[1], m.left, width - m.right);
  const y = linearScale(yd[0], yd[1], height - m.bottom, m.top);
  const out: string[] = [];
  axes(out, { x, y, xd, yd }, m, width, height, { xLabel: o.xLabel, yLabel: 'Rows' });
  for (const b of bins) {
    const w = Math.max(1, x(b.to) - x(b.from) - 1);
    out.push(
      `<rect x="${px(x(b.from))}" y="${px(y(b.count))}" width="${px(w)}" height="${px(y(0) - y(b.count))}" fill="${COLORS.bar}"><title>${escapeHtml(`${formatTick(b.from)} to ${formatTick(b.to)}: ${b.count}`)}</title></rect>`,
    );
  }
  return svgFrame(id, title, description, width, height, out.join(''));
}

/**
 * A chart as data: what the report stores (and validates when it reads a report back), and what
 * renderChart draws. A shared report never carries SVG text of its own: it is drawn again from
 * these numbers and escaped strings.
 */
export type ChartSpec =
  | {
      kind: 'line';
      title: string;
      description: string;
      xLabel: string;
      yLabel: string;
      series: {
        name: string;
        points: [number, number][];
        dashed?: boolean;
        muted?: boolean;
        dots?: boolean;
      }[];
      unitX?: boolean;
      unitY?: boolean;
      markers?: { x: number; label: string; color?: string }[];
    }
  | {
      kind: 'scatter';
      title: string;
      description: string;
      xLabel: string;
      yLabel: string;
      points: [number, number][];
      diagonal?: boolean;
      zeroLine?: boolean;
    }
  | { kind: 'bars'; title: string; description: string; xLabel: string; bars: SignedBar[] }
  | {
      kind: 'histogram';
      title: string;
      description: string;
      xLabel: string;
      bins: { from: number; to: number; count: number }[];
    };

/** Draws a chart spec as SVG text (`id` makes its title and description ids unique on a page). */
export function renderChart(spec: ChartSpec, id: string): string {
  switch (spec.kind) {
    case 'line':
      return lineChartSvg(
        id,
        spec.title,
        spec.description,
        spec.series.map((s) => ({ ...s, points: s.points.map(([x, y]) => ({ x, y })) })),
        {
          xLabel: spec.xLabel,
          yLabel: spec.yLabel,
          ...(spec.unitX ? { xDomain: [0, 1] as [number, number] } : {}),
          ...(spec.unitY ? { yDomain: [0, 1] as [number, number] } : {}),
          ...(spec.markers ? { markers: spec.markers } : {}),
        },
      );
    case 'scatter':
      return scatterSvg(
        id,
        spec.title,
        spec.description,
        spec.points.map(([x, y]) => ({ x, y })),
        {
          xLabel: spec.xLabel,
          yLabel: spec.yLabel,
          ...(spec.diagonal ? { diagonal: true } : {}),
          ...(spec.zeroLine ? { zeroLine: true } : {}),
        },
      );
    case 'bars':
      return barsSvg(id, spec.title, spec.description, spec.bars, { xLabel: spec.xLabel });
    case 'histogram':
      return histogramSvg(id, spec.title, spec.description, spec.bins, { xLabel: spec.xLabel });
  }
}
