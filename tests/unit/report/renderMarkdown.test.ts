import { describe, expect, it } from 'vitest';
import { createReportDocument } from '../../../src/core/report/reportDocument';
import { renderReportMarkdown } from '../../../src/core/report/renderMarkdown';
import { classificationInput, payload, regressionInput } from './fixtures';

const now = new Date(Date.UTC(2025, 2, 2, 9, 30));

/** Cells of a Markdown table row, split on pipes that are not backslash-escaped. */
function cells(line: string): number {
  return line.split(/(?<!\\)\|/).length - 2;
}

function tables(md: string): string[][] {
  const out: string[][] = [];
  let current: string[] = [];
  for (const line of md.split('\n')) {
    if (line.startsWith('|')) current.push(line);
    else if (current.length > 0) {
      out.push(current);
      current = [];
    }
  }
  if (current.length > 0) out.push(current);
  return out;
}

describe('renderReportMarkdown', () => {
  it('lets no user text through as HTML', () => {
    const input = classificationInput();
    input.project = { name: payload('name'), goal: payload('goal'), compliance: payload('compliance') };
    input.dataset = { ...input.dataset, name: payload('dataset'), fileName: payload('file') };
    input.classes = [payload('a'), payload('b'), payload('c')];
    input.recipe = { steps: [payload('step')], features: 1 };
    input.model = { ...input.model, backendReason: payload('why'), spec: { x: payload('spec') } };
    input.importance = [{ feature: payload('feature'), importance: 1 }];
    const md = renderReportMarkdown(createReportDocument(input, now));
    // Code blocks and code spans are shown literally by every Markdown renderer; outside them
    // the template uses neither character, so any would have come from user text.
    const fences = md.match(/^(`{3,})json\n[\s\S]*?\n\1$/gm) ?? [];
    expect(fences).toHaveLength(1);
    expect(fences[0]).toContain(JSON.stringify(payload('spec')));
    expect(md).toContain(`\`${payload('a')}\``);
    const prose = md.replace(fences[0]!, '').replace(/(`+)([\s\S]*?[^`])\1(?!`)/g, '');
    expect(prose.split('\n').filter((l) => /[<>]/.test(l))).toEqual([]);
    expect(md).toContain('&lt;script&gt;alert(name)&lt;/script&gt;');
    expect(md).toContain('&lt;img src=x onerror=alert(feature)&gt;');
  });

  it('escapes Markdown syntax in user text', () => {
    const input = classificationInput();
    input.project = {
      ...input.project,
      name: '# Title *bold* _it_ [link](javascript:alert(1)) `code` | pipe ~~strike~~',
      goal: '# not a heading\n    not code\n1. not a list\n- not a bullet\n> not a quote\n---',
    };
    const md = renderReportMarkdown(createReportDocument(input, now));
    expect(md.split('\n')[0]).toBe(
      '# \\# Title \\*bold\\* \\_it\\_ \\[link\\](javascript:alert(1)) \\`code\\` \\| pipe \\~\\~strike\\~\\~',
    );
    expect(md).toContain(
      [
        '\\# not a heading',
        'not code',
        '1\\. not a list',
        '\\- not a bullet',
        '&gt; not a quote',
        '\\---',
      ].join('\n'),
    );
  });

  it('keeps tables rectangular when names contain pipes and newlines', () => {
    const input = classificationInput();
    input.classes = ['a|b', 'c\nd', 'e\\|f'];
    input.recipe = { steps: ['one\n- two'], features: 2 };
    input.importance = [{ feature: 'x|y', importance: 0.5 }];
    const md = renderReportMarkdown(createReportDocument(input, now));
    const all = tables(md);
    expect(all.length).toBeGreaterThanOrEqual(5);
    for (const t of all) {
      const widths = t.map(cells);
      expect(new Set(widths).size, t.join('\n')).toBe(1);
    }
    expect(md).toContain('\n1. one - two\n');
  });

  it('fences code so backticks in it cannot close the fence', () => {
    const input = classificationInput();
    input.framing = { ...input.framing, target: 'odd`name' };
    input.model = { ...input.model, spec: { note: '```\n# injected' } };
    const md = renderReportMarkdown(createReportDocument(input, now));
    expect(md).toContain('- **Target column:** ``odd`name``');
    expect(md).toMatch(/\n````json\n[\s\S]*```[\s\S]*\n````\n/);
  });

  it('carries the verdicts, metrics and hash', () => {
    const doc = createReportDocument(classificationInput(), now);
    const md = renderReportMarkdown(doc);
    expect(md).toContain('**Overall: ✗ Fail.** The model misses 1 of 3 KPIs.');
    expect(md).toContain('| Accuracy ≥ 0.65 on the test set | 70.00% | +5.00 pp | ✓ Pass |');
    expect(md).toContain('| Accuracy ≥ 0.60 on the out-of-time set | — | — | ? Not measured |');
    expect(md).toContain(`\`${doc.dataset.hash}\``);
    expect(md).toContain('| Accuracy | 80.00% | 70.00% |');
    const headings = md.split('\n').filter((l) => /^#{1,6} /.test(l));
    expect(headings.filter((h) => h.startsWith('# '))).toHaveLength(1);
    expect(renderReportMarkdown(createReportDocument(regressionInput(), now))).toContain('| MAPE | 7.55% |');
  });
});
