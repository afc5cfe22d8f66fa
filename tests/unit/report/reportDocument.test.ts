import { describe, expect, it } from 'vitest';
import {
  REPORT_FORMAT,
  REPORT_FORMAT_VERSION,
  createReportDocument,
  reportFileName,
} from '../../../src/core/report/reportDocument';
import { parseReportJson, renderReportJson } from '../../../src/core/report/reportJson';
import { ReportFormatError, validateReportDocument } from '../../../src/core/report/validateReport';
import { classificationInput, golden, regressionInput } from './fixtures';

const now = new Date(Date.UTC(2025, 2, 2, 9, 30));

describe('createReportDocument', () => {
  it('stamps the format and time and judges the KPIs', () => {
    const doc = createReportDocument(classificationInput(), now);
    expect(doc.format).toBe(REPORT_FORMAT);
    expect(doc.formatVersion).toBe(REPORT_FORMAT_VERSION);
    expect(doc.generatedAt).toBe('2025-03-02T09:30:00.000Z');
    expect(doc.model.trainedAt).toBe('2025-03-01T14:05:00.000Z');
    // Golden accuracy 0.7 passes ≥ 0.65; golden macro F1 0.689 misses ≥ 0.9; no out-of-time split.
    expect(doc.kpis.map((r) => r.verdict)).toEqual(['pass', 'fail', 'missing']);
    expect(doc.kpis[0]!.value).toBe(golden.accuracy);
    expect(doc.kpis[1]!.margin).toBeCloseTo(golden.f1_macro - 0.9, 12);
    expect(doc.overall).toBe('fail');
  });

  it('copies its inputs so later edits do not change the report', () => {
    const input = classificationInput();
    const doc = createReportDocument(input, now);
    input.recipe.steps.push('changed');
    (input.model.spec as { epochs: number }).epochs = 99;
    input.kpis[0]!.threshold = 0.99;
    const test = input.metrics.test;
    if (test?.task === 'classification') test.confusion[0]![0] = 999;
    expect(doc.recipe.steps).toHaveLength(3);
    expect(doc.model.spec).toMatchObject({ epochs: 3 });
    expect(doc.kpis[0]!.kpi.threshold).toBe(0.65);
    const docTest = doc.metrics.test;
    expect(docTest?.task === 'classification' && docTest.confusion[0]![0]).toBe(5);
  });

  it('says which part cannot be written as JSON', () => {
    const input = classificationInput();
    const spec: Record<string, unknown> = { family: 'mlp' };
    spec.self = spec;
    input.model.spec = spec;
    expect(() => createReportDocument(input, now)).toThrow(/model spec cannot be written to the report/);
    const late = classificationInput();
    late.model.trainedAt = 'yesterday';
    expect(() => createReportDocument(late, now)).toThrow(/training time "yesterday" is not a valid time/);
  });

  it('leaves out optional parts that were not given', () => {
    const doc = createReportDocument(regressionInput(), now);
    expect('classes' in doc).toBe(false);
    expect('importance' in doc).toBe(false);
    expect(doc.overall).toBe('pass');
  });
});

describe('report JSON', () => {
  it('round-trips, NaN metrics and losses included', () => {
    const doc = createReportDocument(classificationInput(), now);
    const text = renderReportJson(doc);
    expect(text).toContain('"averagePrecision": null');
    const back = parseReportJson(text);
    expect(back).toEqual(doc);
    const test = back.metrics.test;
    expect(test?.task === 'classification' && Number.isNaN(test.brier)).toBe(true);
    expect(Number.isNaN(back.history[2]!.loss)).toBe(true);
    expect(parseReportJson(renderReportJson(createReportDocument(regressionInput(), now)))).toEqual(
      createReportDocument(regressionInput(), now),
    );
  });

  it('rejects text that is not JSON', () => {
    expect(() => parseReportJson('<html>')).toThrow(ReportFormatError);
    expect(() => parseReportJson('<html>')).toThrow(/not valid JSON/);
  });
});

describe('validateReportDocument', () => {
  const good = (): Record<string, unknown> =>
    JSON.parse(renderReportJson(createReportDocument(classificationInput(), now))) as Record<string, unknown>;

  it('rejects something that is not a report, naming what it found', () => {
    expect(() => validateReportDocument([1, 2])).toThrow(
      /not a Lifecycle Workbench report: expected a JSON object/,
    );
    expect(() => validateReportDocument({ ...good(), format: 'excalidraw' })).toThrow(
      /its format is "excalidraw", expected "lifecycle-workbench-report"/,
    );
    expect(() => validateReportDocument({ name: 'x' })).toThrow(/its format is missing/);
  });

  it('rejects a newer format version with what to do', () => {
    expect(() => validateReportDocument({ ...good(), formatVersion: 3 })).toThrow(
      /newer version of Lifecycle Workbench \(report format 3\); this version reads format 2/,
    );
    // Format 1 (before the evaluation part) is still read.
    expect(validateReportDocument({ ...good(), formatVersion: 1 }).formatVersion).toBe(2);
    expect(() => validateReportDocument({ ...good(), formatVersion: '1' })).toThrow(
      /no valid format version/,
    );
  });

  it('names the first wrong field', () => {
    const noHash = good();
    delete (noHash.dataset as Record<string, unknown>).hash;
    expect(() => validateReportDocument(noHash)).toThrow(/"dataset\.hash" should be text but is undefined/);

    const badMetric = good();
    (badMetric.metrics as Record<string, Record<string, unknown>>).test!.accuracy = 'high';
    expect(() => validateReportDocument(badMetric)).toThrow(
      /"metrics\.test\.accuracy" should be a number or null/,
    );

    const badKpi = good();
    (badKpi.kpis as Record<string, Record<string, unknown>>[])[1]!.kpi!.metric = 'accurasy';
    expect(() => validateReportDocument(badKpi)).toThrow(
      /"kpis\[1\]\.kpi\.metric" should be a known metric name/,
    );

    const badVerdict = good();
    badVerdict.overall = 'maybe';
    expect(() => validateReportDocument(badVerdict)).toThrow(
      /"report\.overall" should be one of pass, fail, missing/,
    );

    const badClass = good();
    badClass.classes = ['a', 3];
    expect(() => validateReportDocument(badClass)).toThrow(/"classes\[1\]" should be text but is number/);
  });

  it('drops unknown top-level fields and returns a copy', () => {
    const raw = good();
    raw.extra = 'ignored';
    const doc = validateReportDocument(raw);
    expect('extra' in doc).toBe(false);
    doc.recipe.steps.push('x');
    expect((raw.recipe as { steps: string[] }).steps).toHaveLength(3);
  });
});

describe('reportFileName', () => {
  it('makes a portable file name from the project and model', () => {
    const doc = createReportDocument(classificationInput(), now);
    expect(reportFileName(doc, 'html')).toBe('penguin-species-softmax-regression-v3-report.html');
    doc.project.name = 'Émile’s <bad>/..\\name?';
    doc.model.name = '***';
    expect(reportFileName(doc, 'md')).toBe('emile-s-bad-name-model-v3-report.md');
  });
});
