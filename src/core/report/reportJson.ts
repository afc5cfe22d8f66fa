/**
 * The report as JSON: a file of its own, or embedded in the HTML report so that a report
 * someone e-mails back can be re-read by the workbench.
 */

import type { ReportDocument } from './reportDocument';
import { ReportFormatError, validateReportDocument } from './validateReport';

/** The id of the `<script type="application/json">` element that carries the document. */
export const EMBEDDED_REPORT_ID = 'lifecycle-workbench-report';

/** The report as pretty-printed JSON (NaN and ±Infinity become null). */
export function renderReportJson(doc: ReportDocument): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/**
 * JSON safe inside an HTML `<script>` element: the parser ends the element at the first
 * `</script` whatever the JSON means, so `<` (and, for good measure, `>`, `&` and the two
 * JavaScript line separators) are written as \u escapes, which JSON.parse reads back unchanged.
 */
export function jsonForScript(doc: ReportDocument): string {
  return JSON.stringify(doc)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Parses and validates a report JSON file; throws a ReportFormatError that says what is wrong. */
export function parseReportJson(text: string): ReportDocument {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new ReportFormatError(
      `This file is not valid JSON (${e instanceof Error ? e.message : String(e)}), so it is not a report.`,
    );
  }
  return validateReportDocument(parsed);
}

/**
 * Reads the document embedded in an HTML report made by renderReportHtml. Works on text, so it
 * needs no DOM (workers, Node). Throws a ReportFormatError when the HTML carries no report.
 */
export function extractReportFromHtml(html: string): ReportDocument {
  const open = new RegExp(`<script type="application/json" id="${EMBEDDED_REPORT_ID}">`).exec(html);
  const start = open ? open.index + open[0].length : -1;
  const end = start < 0 ? -1 : html.indexOf('</script>', start);
  if (start < 0 || end < 0) {
    throw new ReportFormatError(
      'This HTML file holds no Lifecycle Workbench report data. Open a report exported by the workbench.',
    );
  }
  return parseReportJson(html.slice(start, end));
}
