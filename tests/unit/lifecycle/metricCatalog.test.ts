import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  allMetrics,
  defaultPrimaryMetric,
  isBetter,
  isMetricName,
  metricInfo,
  metricsForTask,
} from '../../../src/core/lifecycle/metricCatalog';
import type { MetricName } from '../../../src/core/ml/types';

/**
 * The metric names as written in types.ts, read from the source so that a metric added there
 * without a catalog entry fails here (types do not exist at run time).
 */
function fieldsOf(source: string, iface: string): string[] {
  const body = new RegExp(`interface ${iface} \\{([\\s\\S]*?)\\n\\}`).exec(source)?.[1];
  if (!body) throw new Error(`interface ${iface} not found in types.ts`);
  return [...body.matchAll(/^\s*(\w+)\??:/gm)].map((m) => m[1]!);
}

const typesSource = readFileSync(new URL('../../../src/core/ml/types.ts', import.meta.url), 'utf8');
const classificationNames = fieldsOf(typesSource, 'ClassificationMetrics').filter((n) => n !== 'confusion');
const regressionNames = fieldsOf(typesSource, 'RegressionMetrics');

describe('metric catalog', () => {
  it('parses a plausible list of metric names from types.ts', () => {
    expect(classificationNames).toContain('accuracy');
    expect(classificationNames.length).toBeGreaterThanOrEqual(10);
    expect(regressionNames).toContain('rmse');
  });

  it('describes every metric in types.ts with the right task, and nothing else', () => {
    for (const name of classificationNames) {
      expect(isMetricName(name), name).toBe(true);
      expect(metricInfo(name as MetricName).task).toBe('classification');
    }
    for (const name of regressionNames) {
      expect(isMetricName(name), name).toBe(true);
      expect(metricInfo(name as MetricName).task).toBe('regression');
    }
    expect(
      allMetrics()
        .map((m) => m.name)
        .sort(),
    ).toEqual([...classificationNames, ...regressionNames].sort());
  });

  it('gives each metric a label, a description, a range hint and a consistent range', () => {
    const labels = new Set<string>();
    for (const m of allMetrics()) {
      expect(m.label.length).toBeGreaterThan(0);
      expect(m.description.endsWith('.')).toBe(true);
      expect(m.rangeHint.length).toBeGreaterThan(0);
      expect(m.min).toBeLessThan(m.max);
      labels.add(m.label);
    }
    expect(labels.size).toBe(allMetrics().length);
  });

  it('knows which way is better', () => {
    expect(metricInfo('accuracy').direction).toBe('higher');
    expect(metricInfo('r2').direction).toBe('higher');
    for (const lower of ['logLoss', 'brier', 'rmse', 'mae', 'mape', 'medianAe'] as const) {
      expect(metricInfo(lower).direction, lower).toBe('lower');
    }
    expect(isBetter('rmse', 1, 2)).toBe(true);
    expect(isBetter('accuracy', 0.8, 0.9)).toBe(false);
    expect(isBetter('accuracy', NaN, 0.1)).toBe(false);
    expect(isBetter('accuracy', 0.1, NaN)).toBe(true);
  });

  it('splits metrics by task and picks a default primary metric of that task', () => {
    expect(metricsForTask('classification').map((m) => m.name)).toEqual(classificationNames);
    expect(metricsForTask('regression').map((m) => m.name)).toEqual(regressionNames);
    expect(metricInfo(defaultPrimaryMetric('classification')).task).toBe('classification');
    expect(metricInfo(defaultPrimaryMetric('regression')).task).toBe('regression');
  });

  it('flags the two-class-only metrics', () => {
    expect(
      allMetrics()
        .filter((m) => m.binaryOnly)
        .map((m) => m.name)
        .sort(),
    ).toEqual(['averagePrecision', 'brier']);
  });

  it('rejects an unknown metric name with the list of known ones', () => {
    expect(isMetricName('accurasy')).toBe(false);
    expect(() => metricInfo('accurasy' as MetricName)).toThrow(/Unknown metric "accurasy".*accuracy/);
  });
});
