/**
 * "Open a report": reads a report someone shared (the HTML file or its JSON document),
 * validates it and renders it again from the checked data — never the file's own markup — for
 * a sandboxed frame. Built by OpenProject; holds no worker.
 */
import { renderReportHtml } from '../core/report/renderHtml';
import { extractReportFromHtml, parseReportJson } from '../core/report/reportJson';
import type { ReportDocument } from '../core/report/reportDocument';

/** Larger than any report the workbench writes (they hold no dataset): refuse before reading. */
const MAX_BYTES = 20 * 1024 * 1024;

export class ReportReader {
  doc = $state.raw<ReportDocument | null>(null);
  /** The report drawn again from its validated data. */
  html = $state('');
  fileName = $state('');
  error = $state('');

  async open(file: File): Promise<void> {
    this.error = '';
    this.doc = null;
    this.html = '';
    this.fileName = file.name;
    try {
      if (file.size > MAX_BYTES) throw new Error('This file is too large to be a workbench report.');
      const text = await file.text();
      const doc = text.trimStart().startsWith('{') ? parseReportJson(text) : extractReportFromHtml(text);
      this.doc = doc;
      this.html = renderReportHtml(doc, { embedData: false });
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
    }
  }

  close(): void {
    this.doc = null;
    this.html = '';
    this.error = '';
  }
}
