/**
 * Numbers for people: four significant digits, percentages for rates. Shared by the UI and
 * the report renderers so a value reads the same everywhere.
 */

import type { MetricName } from '../ml/types';
import { metricInfo } from './metricCatalog';

/** Shown where a value is missing or undefined (NaN, null). */
export const MISSING_TEXT = '—';

/**
 * Four significant digits, keeping trailing zeros so columns line up ("0.9000"). Large values
 * are rounded instead of switching to exponent notation ("12350", not "1.235e+4").
 */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return MISSING_TEXT;
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (value === 0) return '0';
  if (Math.abs(value) >= 1e4) return String(Number(value.toPrecision(4)));
  return value.toPrecision(4);
}

/** A metric value as its catalog says it reads best: "91.23%" for accuracy, "0.8750" for F1. */
export function formatMetricValue(metric: MetricName, value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return formatNumber(value);
  if (metricInfo(metric).display === 'percent') return `${(value * 100).toFixed(2)}%`;
  return formatNumber(value);
}

/**
 * A KPI margin with its sign, in the metric's units: percentage points for rates ("+1.23 pp"),
 * four significant digits otherwise ("−0.03100").
 */
export function formatMargin(metric: MetricName, margin: number | null | undefined): string {
  if (margin === null || margin === undefined || Number.isNaN(margin)) return MISSING_TEXT;
  const sign = margin > 0 ? '+' : margin < 0 ? '−' : '±';
  const size = Math.abs(margin);
  if (metricInfo(metric).display === 'percent' && Number.isFinite(size)) {
    return `${sign}${(size * 100).toFixed(2)} pp`;
  }
  return `${sign}${formatNumber(size)}`;
}

/**
 * A threshold as a person wrote it: metrics that top out at 1 keep at least two decimals
 * ("0.90"); others up to four significant digits without trailing zeros ("2.5", "1200").
 */
export function formatThreshold(metric: MetricName, threshold: number): string {
  if (!Number.isFinite(threshold)) return formatNumber(threshold);
  const info = metricInfo(metric);
  const general = String(Number(threshold.toPrecision(4)));
  if (info.max > 1 || general.includes('e')) return general;
  const decimals = general.includes('.') ? general.split('.')[1]!.length : 0;
  return threshold.toFixed(Math.max(2, decimals));
}
