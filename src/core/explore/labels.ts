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
  private readonly next = new Map<string, number>();

  constructor(private readonly max = MAX_LABEL_CHARS) {}

  /**
   * The label of `text`. `distinct` says the caller asks once per distinct text (a dictionary
   * entry): no lookup by text then — V8 hashes strings over 16 KiB by their length only, so a
   * map keyed by many megabyte cells of one length compares them byte by byte.
   */
  label(text: string, distinct = false): string {
    const known = distinct ? undefined : this.byText.get(text);
    if (known !== undefined) return known;
    let out = clipText(text, this.max);
    if (this.used.has(out)) {
      // Clipped once, numbered from a counter per stem: long texts sharing a long prefix (a
      // column of megabyte cells) must not be re-clipped for every label already taken.
      const stem = clipText(text, this.max - 4);
      let k = this.next.get(stem) ?? 2;
      while (this.used.has(`${stem} #${k}`)) k++;
      out = `${stem} #${k}`;
      this.next.set(stem, k + 1);
    }
    if (!distinct) this.byText.set(text, out);
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

/**
 * capCategories for a dictionary-coded column: `codes` (one per point, none missing) are counted
 * and labelled per code, never by looking their texts up (see LabelClipper.label).
 */
export function capCodes(
  codes: readonly number[],
  dictionary: readonly string[],
  max = MAX_AXIS_CATEGORIES,
): string[] {
  const counts = new Map<number, number>();
  for (const c of codes) counts.set(c, (counts.get(c) ?? 0) + 1);
  const clip = new LabelClipper();
  if (counts.size > max) clip.label(OTHER_LABEL);
  const kept = [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, max);
  const labels = new Map(kept.map(([code]) => [code, clip.label(dictionary[code]!, true)]));
  return codes.map((c) => labels.get(c) ?? OTHER_LABEL);
}

/** A label per code of a dictionary-coded column, made on first use (no cap: colour groups). */
export function codeLabeler(dictionary: readonly string[]): (code: number) => string {
  const clip = new LabelClipper();
  const labels = new Map<number, string>();
  return (code) => {
    let l = labels.get(code);
    if (l === undefined) labels.set(code, (l = clip.label(dictionary[code]!, true)));
    return l;
  };
}
