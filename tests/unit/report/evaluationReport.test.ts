import { describe, expect, it } from 'vitest';
import type { ReportEvaluation } from '../../../src/core/report/evaluationReport';
import { createReportDocument } from '../../../src/core/report/reportDocument';
import { renderReportHtml } from '../../../src/core/report/renderHtml';
import { renderReportMarkdown } from '../../../src/core/report/renderMarkdown';
import {
  extractReportFromHtml,
  parseReportJson,
  renderReportJson,
} from '../../../src/core/report/reportJson';
import { validateReportDocument } from '../../../src/core/report/validateReport';
import { classificationInput } from './fixtures';

const HOSTILE = '<img src=x onerror=alert(1)>';

function evaluation(): ReportEvaluation {
  return {
    split: 'Cross-validation, 5 folds (stratified, seed 3), after a 20% test part.',
    crossValidation: { folds: 5, metrics: [{ metric: 'Accuracy', mean: 0.9, std: 0.02 }] },
    viewsOn: 'test rows',
    charts: [
      {
        section: 'curves',
        chart: {
          kind: 'line',
          title: `ROC ${HOSTILE}`,
          description: 'd',
          xLabel: 'FPR',
          yLabel: 'TPR',
          unitX: true,
          unitY: true,
          series: [
            {
              name: HOSTILE,
              points: [
                [0, 0],
                [0.2, 0.8],
                [1, 1],
              ],
            },
          ],
          markers: [{ x: 0.5, label: 'chosen', color: '#111827' }],
        },
      },
      {
        section: 'explanations',
        chart: {
          kind: 'bars',
          title: 'Permutation importance',
          description: 'd',
          xLabel: 'Drop',
          bars: [{ label: 'Beak', value: 0.3, spread: 0.05, note: '0.300 ± 0.050' }],
        },
      },
    ],
    threshold: {
      value: 0.35,
      best: 0.4,
      precision: 0.8,
      recall: 0.7,
      valuePerRow: 12.5,
      valueMatrix: { tp: 100, fp: -20, fn: -60, tn: 0 },
      confusion: [
        [50, 5],
        [6, 39],
      ],
    },
    segments: {
      column: 'island',
      metric: 'Accuracy',
      rows: [{ label: HOSTILE, rows: 12, value: 0.5, below: true }],
    },
    matrix: {
      kpis: ['Accuracy ≥ 0.9 on the test set'],
      rows: [
        {
          label: 'm v1',
          baseline: false,
          cells: [{ validation: '0.9 ± 0.02', test: '0.93 [0.88, 0.97]', outOfTime: '—', verdict: 'pass' }],
        },
      ],
      warnings: ['The 95% interval straddles the threshold.'],
    },
    reasons: {
      row: 7,
      method: 'exact TreeSHAP',
      space: 'log-odds',
      output: 'Adelie',
      expected: -0.5,
      value: 1.25,
      columns: [{ column: 'Beak', value: '39.1', contribution: 1.75 }],
    },
    intendedUse: 'Tell species apart.',
    lineage: ['penguins.csv v1, SHA-256 abc'],
    limits: ['Trained on 344 rows from three islands.'],
  };
}

describe('the report’s evaluation part', () => {
  it('survives HTML and JSON round trips and is drawn with every user string escaped', () => {
    const doc = createReportDocument({ ...classificationInput(), evaluation: evaluation() });
    const html = renderReportHtml(doc);
    expect(html).not.toContain(HOSTILE);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('KPIs across models');
    expect(html).toContain('Threshold and value');
    expect(html).toMatch(/<svg[^>]*role="img"/);
    expect(html).not.toMatch(/<script(?! type="application\/json")/);
    expect(extractReportFromHtml(html)).toEqual(doc);
    expect(parseReportJson(renderReportJson(doc))).toEqual(doc);
  });

  it('refuses a tampered chart rather than drawing it', () => {
    const doc = JSON.parse(
      renderReportJson(createReportDocument({ ...classificationInput(), evaluation: evaluation() })),
    );
    doc.evaluation.charts[0].chart.markers[0].color = 'red" onload="alert(1)';
    expect(() => validateReportDocument(doc)).toThrow(/markers\[0\]\.color/);
    doc.evaluation.charts[0].chart.markers[0].color = '#111827';
    doc.evaluation.charts[0].chart.kind = 'iframe';
    expect(() => validateReportDocument(doc)).toThrow(/charts\[0\]\.chart\.kind/);
  });

  it('makes a model card in Markdown', () => {
    const md = renderReportMarkdown(
      createReportDocument({ ...classificationInput(), evaluation: evaluation() }),
    );
    for (const heading of [
      '## Intended use',
      '## Data and lineage',
      '## How the rows were split',
      '## KPIs with 95% intervals',
      '## Decision threshold',
      '## What drives the predictions',
      '## Known limits',
    ]) {
      expect(md).toContain(heading);
    }
    expect(md).toContain('Cross-validation, 5 folds');
  });
});
