/**
 * Plotly reads a subset of HTML in every text it draws (axis titles, tick labels, legend
 * entries, hover labels): `<a href>` becomes a live off-site link, `<span style>` styled text.
 * Every figure goes through `safeFigure` in Plot.svelte, so no chart can hand it a user string
 * unescaped, and no string is long enough to freeze the layout.
 */
import { clipText, LabelClipper, MAX_LABEL_CHARS } from '../../core/explore/labels';

// Plotly decodes only a few named entities (&amp; &lt; &gt;…) and numeric ones: quotes are numeric.
const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&#34;',
  "'": '&#39;',
};

/** A user string as Plotly text: clipped to `max` characters, then markup characters escaped (Plotly shows the entities as the characters). */
export function plotText(text: string, max = MAX_LABEL_CHARS): string {
  return escapePlotly(clipText(text, max));
}

function escapePlotly(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/**
 * Keys whose strings are ours, not the data's: Plotly templates with their `<extra>` tags and
 * `%{…}` slots (the values put into slots are already escaped), and enumerations.
 */
const AUTHORED = new Set([
  'hovertemplate',
  'texttemplate',
  'type',
  'mode',
  'barmode',
  'colorscale',
  'family',
]);

function walk(value: unknown, key: string, seen: Map<string, string>, clip: LabelClipper): unknown {
  if (typeof value === 'string') {
    if (AUTHORED.has(key)) return value;
    let out = seen.get(value);
    if (out === undefined) seen.set(value, (out = escapePlotly(clip.label(value))));
    return out;
  }
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return value;
  if (Array.isArray(value)) {
    // Arrays of numbers (coordinates, z) are most of a figure: leave them as they are.
    if (value.length > 0 && typeof value[0] === 'number') return value;
    return value.map((v) => walk(v, key, seen, clip));
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = walk(v, k, seen, clip);
  return out;
}

/**
 * Traces and layout with every string escaped and clipped, except Plotly templates (AUTHORED).
 * Equal strings stay equal and distinct ones distinct, so categories stay aligned across traces.
 */
export function safeFigure(
  data: readonly unknown[],
  layout: Record<string, unknown>,
): { data: unknown[]; layout: Record<string, unknown> } {
  const seen = new Map<string, string>();
  // One clipper for the whole figure: two long names that clip alike still get distinct labels.
  const clip = new LabelClipper(MAX_LABEL_CHARS);
  return {
    data: data.map((t) => walk(t, '', seen, clip)),
    layout: walk(layout, '', seen, clip) as Record<string, unknown>,
  };
}
