import { describe, expect, it } from 'vitest';
import { createReportDocument, type ReportDocument } from '../../../src/core/report/reportDocument';
import { extractReportFromHtml } from '../../../src/core/report/reportJson';
import { renderReportHtml } from '../../../src/core/report/renderHtml';
import { escapeHtml } from '../../../src/core/report/text';
import { ReportFormatError } from '../../../src/core/report/validateReport';
import { classificationInput, golden, payload, regressionInput } from './fixtures';

const now = new Date(Date.UTC(2025, 2, 2, 9, 30));

/** Every start tag in the markup, with its attributes (the embedded JSON holds no `<`). */
function tags(html: string): { name: string; attrs: string }[] {
  return [...html.matchAll(/<([a-zA-Z][\w-]*)([^>]*)>/g)].map((m) => ({
    name: m[1]!.toLowerCase(),
    attrs: m[2]!,
  }));
}

/** The report with an injection payload in every piece of user text. */
function hostileDoc(): { doc: ReportDocument; fields: string[] } {
  const input = classificationInput();
  input.app = { name: payload('appName'), version: payload('appVersion') };
  input.project = { name: payload('name'), goal: payload('goal'), compliance: payload('compliance') };
  input.dataset = {
    ...input.dataset,
    name: payload('dataset'),
    fileName: payload('fileName'),
    hash: payload('hash'),
  };
  input.framing = { ...input.framing, target: payload('target') };
  input.classes = [payload('classA'), payload('classB'), payload('classC')];
  input.recipe = { steps: [payload('step')], features: 3 };
  input.model = {
    ...input.model,
    name: payload('modelName'),
    family: payload('family'),
    backend: payload('backend'),
    backendReason: payload('backendReason'),
    spec: { note: payload('spec') },
  };
  input.splits = [{ name: 'test', rows: 30, note: payload('splitNote') }];
  input.importance = [{ feature: payload('feature'), importance: 0.5 }];
  const fields = [
    'appName',
    'appVersion',
    'name',
    'goal',
    'compliance',
    'dataset',
    'fileName',
    'hash',
    'target',
    'classA',
    'classB',
    'classC',
    'step',
    'modelName',
    'family',
    'backend',
    'backendReason',
    'splitNote',
    'feature',
  ];
  return { doc: createReportDocument(input, now), fields };
}

describe('renderReportHtml escaping', () => {
  const { doc, fields } = hostileDoc();
  const html = renderReportHtml(doc);

  it('shows every user field as text, escaped', () => {
    for (const field of fields) {
      expect(html, field).toContain(escapeHtml(payload(field)));
    }
    // The spec is shown as JSON, where the quote is escaped once more by JSON itself.
    expect(html).toContain(escapeHtml(JSON.stringify(payload('spec')).slice(1, -1)));
  });

  it('lets no user text become markup', () => {
    const all = tags(html);
    expect(all.filter((t) => t.name === 'script')).toHaveLength(1);
    expect(all.find((t) => t.name === 'script')!.attrs).toContain('type="application/json"');
    expect(all.filter((t) => t.name === 'img')).toEqual([]);
    for (const t of all) {
      // Quoted values are data, not attributes: a browser never reads an attribute inside one.
      const names = t.attrs.replace(/"[^"]*"/g, '""');
      expect(names, `<${t.name}${t.attrs}>`).not.toMatch(/\s(on\w+|src|href)\s*=/i);
    }
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('"><img');
    // Exactly one closing script tag: the payload's "</script>" never closes the data block early.
    expect(html.match(/<\/script/gi)).toHaveLength(1);
  });

  it('embeds the document so it reads back exactly, payloads and all', () => {
    expect(extractReportFromHtml(html)).toEqual(doc);
  });

  it('carries a Content-Security-Policy that runs no script and loads nothing, before any content', () => {
    const head = html.slice(html.indexOf('<head>'), html.indexOf('</head>'));
    const metas = tags(head).filter((t) => t.name === 'meta');
    expect(metas[1]!.attrs).toContain('http-equiv="Content-Security-Policy"');
    const policy = /content="([^"]*)"/.exec(metas[1]!.attrs)![1]!;
    const directives = new Map(
      policy.split(';').map((d) => {
        const [name = '', ...values] = d.trim().split(/\s+/);
        return [name, values] as const;
      }),
    );
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.has('script-src')).toBe(false);
    expect(directives.get('style-src')).toEqual(["'unsafe-inline'"]);
    expect(head.indexOf('Content-Security-Policy')).toBeLessThan(head.indexOf('<title>'));
  });
});

describe('renderReportHtml content', () => {
  const doc = createReportDocument(classificationInput(), now);
  const html = renderReportHtml(doc);

  it('refers to nothing outside the file and needs no script', () => {
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/\ssrc\s*=/i);
    expect(html).not.toMatch(/\shref\s*=/i);
    expect(html).not.toMatch(/url\(|@import/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(tags(html).filter((t) => t.name === 'script')).toHaveLength(1);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<style>');
  });

  it('is print-friendly', () => {
    expect(html).toContain('@media print');
  });

  it('shows a verdict badge per KPI and overall', () => {
    expect(html.match(/class="badge pass"/g)).toHaveLength(1);
    expect(html.match(/class="badge missing"/g)).toHaveLength(1);
    // One failing KPI plus the overall verdict.
    expect(html.match(/class="badge fail"/g)).toHaveLength(2);
    expect(html).toContain('The model misses 1 of 3 KPIs.');
    expect(html).toContain('Accuracy ≥ 0.65 on the test set');
  });

  it('shows the dataset hash, recipe steps, backend and why, and the model spec', () => {
    expect(html).toContain(doc.dataset.hash);
    for (const step of doc.recipe.steps) expect(html).toContain(`<li>${escapeHtml(step)}</li>`);
    expect(html).toContain('WebGPU adapter available (forced by ?backend=webgpu).');
    expect(html).toContain('&quot;learningRate&quot;: 0.05');
    expect(html).toContain('12.3 s');
    expect(html).toContain('2025-03-01 14:05 UTC');
  });

  it('shows every metric for every evaluated split, rates as percentages', () => {
    expect(html).toContain('<th scope="col" class="num">Validation</th>');
    expect(html).toContain('<th scope="col" class="num">Test</th>');
    expect(html).not.toContain('<th scope="col" class="num">Training</th>');
    expect(html).toContain('<td class="num">70.00%</td>'); // golden accuracy 0.7
    expect(html).toContain(`<td class="num">${golden.f1_macro.toPrecision(4)}</td>`);
    expect(html).toContain('<th scope="row">Cohen\'s kappa</th>'.replace("'", '&#39;'));
  });

  it('draws each chart whose data exists, as accessible inline SVG', () => {
    for (const id of [
      'kpi-bars',
      'loss-curve',
      'confusion-validation',
      'confusion-test',
      'feature-importance',
    ]) {
      expect(html, id).toContain(`aria-labelledby="${id}-title ${id}-desc"`);
      expect(html, id).toContain(`<title id="${id}-title">`);
    }
    expect(html).not.toContain('xmlns');
    const svgs = tags(html).filter((t) => t.name === 'svg');
    expect(svgs).toHaveLength(5);
    for (const s of svgs) expect(s.attrs).toContain('role="img"');
  });

  it('labels the confusion matrix with the golden counts and the diagonal total', () => {
    const correct = golden.confusion_matrix.reduce((sum, row, i) => sum + row[i]!, 0);
    const total = golden.confusion_matrix.flat().reduce((a, b) => a + b, 0);
    expect(correct / total).toBeCloseTo(golden.accuracy, 12);
    expect(html).toContain(`${correct} of ${total} rows lie on the diagonal`);
    expect(html).toContain('<title>True Chinstrap, predicted Gentoo: 3 (20.0% of true Chinstrap)</title>');
  });

  it('keeps the heading hierarchy and scopes every table header', () => {
    const headings = [...html.matchAll(/<h([1-6])\b/g)].map((m) => Number(m[1]));
    expect(headings.filter((h) => h === 1)).toHaveLength(1);
    expect(headings[0]).toBe(1);
    for (let i = 1; i < headings.length; i++) expect(headings[i]! - headings[i - 1]!).toBeLessThanOrEqual(1);
    for (const t of tags(html).filter((t) => t.name === 'th')) expect(t.attrs).toMatch(/scope="(row|col)"/);
  });

  it('leaves out charts without data', () => {
    const plain = renderReportHtml(createReportDocument(regressionInput(), now));
    expect(plain).toContain('kpi-bars-title');
    expect(plain).not.toContain('loss-curve');
    expect(plain).not.toContain('confusion-');
    expect(plain).not.toContain('feature-importance');
    expect(plain).toContain('<td class="num">7.55%</td>'); // MAPE as a percentage
    expect(plain).toContain('The model meets its KPI.');
    expect(extractReportFromHtml(plain)).toEqual(createReportDocument(regressionInput(), now));
  });
});

describe('extractReportFromHtml', () => {
  it('says so when the HTML holds no report', () => {
    expect(() => extractReportFromHtml('<html><body>hi</body></html>')).toThrow(ReportFormatError);
    expect(() => extractReportFromHtml('<html></html>')).toThrow(/holds no Lifecycle Workbench report data/);
  });
});
