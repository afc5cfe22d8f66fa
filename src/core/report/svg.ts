/**
 * The few pieces the hand-drawn SVG charts share: scales, tick values, an accessible frame.
 * The charts are drawn as text so the report needs no script and no library to show them.
 */

import { escapeHtml } from './text';
import { px } from '../chart/scale';

// The scale math is shared with the page's charts.
export { formatTick, linearScale, niceDomain, niceTicks, px } from '../chart/scale';

/** Palette chosen for contrast on white and in greyscale print. */
export const COLORS = {
  train: '#1d4ed8',
  validation: '#c2410c',
  pass: '#15803d',
  fail: '#b91c1c',
  missing: '#6b7280',
  axis: '#374151',
  grid: '#e5e7eb',
  bar: '#2563eb',
  text: '#111827',
} as const;

/** Shortens a label for display; callers keep the full text in a <title>. */
export function truncate(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : `${text.slice(0, Math.max(1, maxChars - 1))}…`;
}

/**
 * An accessible SVG: role="img", named by its <title> and described by its <desc>, which a
 * screen reader reads instead of the drawing. `title` and `description` are escaped here.
 */
export function svgFrame(
  id: string,
  title: string,
  description: string,
  width: number,
  height: number,
  body: string,
): string {
  return [
    `<svg class="chart" role="img" viewBox="0 0 ${px(width)} ${px(height)}" width="${px(width)}" height="${px(height)}" aria-labelledby="${id}-title ${id}-desc">`,
    `<title id="${id}-title">${escapeHtml(title)}</title>`,
    `<desc id="${id}-desc">${escapeHtml(description)}</desc>`,
    body,
    '</svg>',
  ].join('\n');
}

/** A text element; `text` is escaped here. */
export function svgText(
  x: number,
  y: number,
  text: string,
  attrs: {
    anchor?: 'start' | 'middle' | 'end';
    size?: number;
    fill?: string;
    weight?: string;
    extra?: string;
  } = {},
): string {
  const parts = [`x="${px(x)}"`, `y="${px(y)}"`];
  if (attrs.anchor && attrs.anchor !== 'start') parts.push(`text-anchor="${attrs.anchor}"`);
  if (attrs.size) parts.push(`font-size="${attrs.size}"`);
  if (attrs.fill) parts.push(`fill="${attrs.fill}"`);
  if (attrs.weight) parts.push(`font-weight="${attrs.weight}"`);
  if (attrs.extra) parts.push(attrs.extra);
  return `<text ${parts.join(' ')}>${escapeHtml(text)}</text>`;
}
