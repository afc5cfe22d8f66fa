import { describe, expect, it } from 'vitest';
import {
  formatMargin,
  formatMetricValue,
  formatNumber,
  formatThreshold,
} from '../../../src/core/lifecycle/metricFormat';

describe('metric formatting', () => {
  it('uses four significant digits without exponent notation for large values', () => {
    expect(formatNumber(0.87654321)).toBe('0.8765');
    expect(formatNumber(0.9)).toBe('0.9000');
    expect(formatNumber(4.44917159266756)).toBe('4.449');
    expect(formatNumber(123456.7)).toBe('123500');
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(-0.5)).toBe('-0.5000');
    expect(formatNumber(NaN)).toBe('—');
    expect(formatNumber(null)).toBe('—');
    expect(formatNumber(Infinity)).toBe('∞');
  });

  it('shows rates as percentages and scores as numbers', () => {
    expect(formatMetricValue('accuracy', 0.91234)).toBe('91.23%');
    expect(formatMetricValue('mape', 0.07546047583080427)).toBe('7.55%');
    expect(formatMetricValue('f1Macro', 0.875)).toBe('0.8750');
    expect(formatMetricValue('rmse', 4.44917159266756)).toBe('4.449');
    expect(formatMetricValue('averagePrecision', NaN)).toBe('—');
  });

  it('signs margins, in percentage points for rates', () => {
    expect(formatMargin('accuracy', 0.0123)).toBe('+1.23 pp');
    expect(formatMargin('accuracy', -0.05)).toBe('−5.00 pp');
    expect(formatMargin('rmse', -0.25)).toBe('−0.2500');
    expect(formatMargin('rmse', 0)).toBe('±0');
    expect(formatMargin('rmse', null)).toBe('—');
  });

  it('writes thresholds the way people type them', () => {
    expect(formatThreshold('accuracy', 0.9)).toBe('0.90');
    expect(formatThreshold('accuracy', 0.925)).toBe('0.925');
    expect(formatThreshold('accuracy', 1)).toBe('1.00');
    expect(formatThreshold('rmse', 2.5)).toBe('2.5');
    expect(formatThreshold('rmse', 1200)).toBe('1200');
    expect(formatThreshold('r2', 0.7)).toBe('0.70');
    expect(formatThreshold('r2', -0.5)).toBe('-0.50');
  });
});
