/**
 * When a scored batch calls for attention: drift thresholds from the project's goal (PSI 0.1
 * "watch", 0.25 "act" unless the goal says otherwise) and the goal's KPIs judged on the batch
 * when it has the target.
 */
import { describeKpi } from '../lifecycle/kpi';
import type { KpiResult } from '../lifecycle/kpiEvaluation';
import type { FeatureDrift } from './batch';

/** Optional monitoring settings kept on the goal. */
export interface MonitoringThresholds {
  /** PSI at or above this: keep an eye on the feature. */
  psiWatch: number;
  /** PSI at or above this: the population has moved; retrain or investigate. */
  psiAct: number;
}

export const DEFAULT_THRESHOLDS: MonitoringThresholds = { psiWatch: 0.1, psiAct: 0.25 };

export type AlertLevel = 'ok' | 'watch' | 'act';

export interface BatchAlert {
  level: AlertLevel;
  /** Why, one sentence each, the most severe first. */
  reasons: string[];
}

/** The goal's thresholds, or the defaults; a pair that is not 0 < watch ≤ act falls back too. */
export function thresholdsOf(
  goal: { monitoring?: Partial<MonitoringThresholds> } | undefined,
): MonitoringThresholds {
  const watch = goal?.monitoring?.psiWatch ?? DEFAULT_THRESHOLDS.psiWatch;
  const act = goal?.monitoring?.psiAct ?? DEFAULT_THRESHOLDS.psiAct;
  if (!(watch > 0 && act >= watch && Number.isFinite(act))) return DEFAULT_THRESHOLDS;
  return { psiWatch: watch, psiAct: act };
}

/** A feature's level by its PSI. */
export function driftLevel(psiValue: number, t: MonitoringThresholds): AlertLevel {
  if (!(psiValue >= t.psiWatch)) return 'ok'; // NaN (no values) is not an alert
  return psiValue >= t.psiAct ? 'act' : 'watch';
}

function fmt(x: number): string {
  return x.toFixed(3);
}

/**
 * The batch's alert: 'act' when a feature's or the predictions' PSI reaches the act threshold or
 * a KPI fails on the batch; 'watch' when a PSI reaches the watch threshold; otherwise 'ok'.
 */
export function batchAlert(
  drift: readonly FeatureDrift[],
  prediction: FeatureDrift | undefined,
  kpis: readonly KpiResult[],
  t: MonitoringThresholds,
): BatchAlert {
  const act: string[] = [];
  const watch: string[] = [];
  const labelled = drift.map((d) => ({ label: `"${d.name}"`, psi: d.psi }));
  if (prediction) labelled.push({ label: 'The predictions', psi: prediction.psi });
  for (const d of labelled) {
    const level = driftLevel(d.psi, t);
    if (level === 'act') act.push(`${d.label}: PSI ${fmt(d.psi)} ≥ ${t.psiAct}`);
    else if (level === 'watch') watch.push(`${d.label}: PSI ${fmt(d.psi)} ≥ ${t.psiWatch}`);
  }
  for (const k of kpis) {
    if (k.verdict === 'fail')
      act.push(`KPI missed on this batch: ${describeKpi(k.kpi)} (${k.value === null ? '—' : fmt(k.value)})`);
  }
  const level: AlertLevel = act.length ? 'act' : watch.length ? 'watch' : 'ok';
  return { level, reasons: [...act, ...watch] };
}
