/**
 * Escaping and small formatting shared by the renderers. Every piece of user text (project
 * name, goal, column and class names, file names, recipe step descriptions) goes through one
 * of the escapers before it reaches a report.
 */

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text safe in HTML and SVG element content and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * Text that Markdown shows literally: `<`, `>`, `&` become HTML entities so no Markdown renderer
 * passes user text through as HTML; characters that make emphasis, links, code, table cells or
 * strike-through are backslash-escaped everywhere; those that only act at the start of a line
 * (headings, lists, quotes, setext underlines) are escaped there. Newlines are kept.
 */
export function escapeMarkdown(text: string): string {
  return (
    text
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/[\\`*_[\]|~]/g, '\\$&')
      // Leading spaces would turn a line into an indented code block.
      .replace(/^[ \t]+/gm, '')
      .replace(/^[#+=-]/gm, '\\$&')
      .replace(/^(\d+)([.)])/gm, '$1\\$2')
  );
}

/** escapeMarkdown for a single line: a table cell, a heading, a list item. */
export function escapeMarkdownInline(text: string): string {
  return escapeMarkdown(text.replace(/\s*[\r\n]+\s*/g, ' '));
}

function longestBacktickRun(text: string): number {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return longest;
}

/** A Markdown code span that holds `text` literally, whatever backticks it contains. */
export function markdownCode(text: string): string {
  const line = text.replace(/[\r\n]+/g, ' ');
  const fence = '`'.repeat(longestBacktickRun(line) + 1);
  // Markdown strips one space each side; it is needed only when the text starts or ends with a backtick.
  const pad = /^[`\s]|[`\s]$/.test(line) ? ' ' : '';
  return `${fence}${pad}${line}${pad}${fence}`;
}

/** A fenced Markdown code block that holds `text` literally. */
export function markdownCodeBlock(text: string, language = ''): string {
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(text) + 1));
  return `${fence}${language}\n${text}\n${fence}`;
}

/** A duration for people: "850 ms", "12.3 s", "3 min 12 s", "1 h 5 min". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const totalSeconds = Math.round(s);
  const minutes = Math.floor(totalSeconds / 60);
  if (minutes < 60) return `${minutes} min ${totalSeconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/**
 * A time in UTC to the minute ("2025-03-01 14:05 UTC"): the same on every machine, unlike the
 * reader's locale and zone. Text that is not a time is returned as it is (callers escape it).
 */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** A count with thousands separators that do not depend on the locale: "12 345". */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '—';
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
}
