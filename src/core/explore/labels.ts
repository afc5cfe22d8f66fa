/**
 * Bounds on the text that leaves the worker for a chart or the grid. A cell can hold megabytes
 * (a pasted document, an unclosed quote read as one field); laid out by Plotly as a tick label
 * or by the browser as a table cell it freezes the page for seconds or for good.
 */

/** Longest label a chart gets (axis categories, legend entries, group names). */
export const MAX_LABEL_CHARS = 80;
/** Longest cell text the grid gets: enough to read, bounded to lay out. */
export const MAX_CELL_CHARS = 1000;
/** Categories a chart axis shows; the rest become one "(other)" group. */
export const MAX_AXIS_CATEGORIES = 50;
export const OTHER_LABEL = '(other)';

/** `text` cut to `max` characters (an ellipsis marks the cut), without splitting a surrogate pair. */
export function clipText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const c = text.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

/**
 * Clips each distinct text to a label, keeping distinct texts distinct (a suffix " #2", " #3"
 * when two clip to the same label), so points of different categories never merge.
 */
export class LabelClipper {
  private readonly byText = new Map<string, string>();
  private readonly used = new Set<string>();

  constructor(private readonly max = MAX_LABEL_CHARS) {}

  label(text: string): string {
    const known = this.byText.get(text);
    if (known !== undefined) return known;
    let out = clipText(text, this.max);
    if (out !== text || this.used.has(out)) {
      for (let k = 2; this.used.has(out); k++) out = `${clipText(text, this.max - 4)} #${k}`;
    }
    this.byText.set(text, out);
    this.used.add(out);
    return out;
  }
}

/**
 * Labels for values of a text axis: the `max` most frequent texts clipped (LabelClipper), every
 * other text OTHER_LABEL. A chart then lays out at most `max` + 1 categories.
 */
export function capCategories(values: readonly string[], max = MAX_AXIS_CATEGORIES): string[] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  if (counts.size <= max) {
    const clip = new LabelClipper();
    return values.map((v) => clip.label(v));
  }
  const kept = new Set(
    [...counts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, max)
      .map(([v]) => v),
  );
  const clip = new LabelClipper();
  clip.label(OTHER_LABEL);
  return values.map((v) => (kept.has(v) ? clip.label(v) : OTHER_LABEL));
}
