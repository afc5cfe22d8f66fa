/** The evaluation report: its stamped document, its validation and its renderers. */

export * from './reportDocument';
export * from './validateReport';
export * from './reportJson';
export * from './renderHtml';
export * from './renderMarkdown';
