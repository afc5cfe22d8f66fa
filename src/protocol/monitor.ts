/** Monitored scoring, served by the score worker beside plain scoring. */
import type { Kpi } from '../core/lifecycle/kpi';
import type { MonitoringThresholds } from '../core/monitoring/alert';
import type { ScoredBatch } from '../core/monitoring/record';
import type { ShadowComparison } from '../core/monitoring/shadow';
import type { ScoreEvents } from './score';

export interface ScoreBatchArgs {
  projectId: string;
  /** The production model: its predictions are the ones returned for download. */
  modelVersionId: string;
  /** Challengers scored in the shadow: compared, never downloaded. */
  challengerIds: string[];
  file: Blob;
  fileName: string;
  kpis: Kpi[];
  thresholds: MonitoringThresholds;
  dbName?: string;
}

export interface ScoreBatchSummary {
  batch: ScoredBatch;
  /**
   * Production's predictions (input columns plus predictions) as a CSV Blob: a Blob crosses to
   * the page without the main thread copying its bytes (a 1M-row CSV string took ~190 ms there).
   */
  csv: Blob;
  warnings: string[];
  /** Challengers that could not score the batch, and why (their shadow result is absent). */
  skipped: { modelId: string; reason: string }[];
}

export interface CompareArgs {
  /** The model in production now. */
  championId: string;
  challengerId: string;
  /** A labelled dataset version (the latest labelled batch, out of time for both). */
  datasetVersionId: string;
  dbName?: string;
}

export interface CompareSummary {
  rows: number;
  labelledRows: number;
  /** Challenger against champion (the champion plays "production" in the comparison). */
  comparison: ShadowComparison;
}

export interface MonitorRequests {
  scoreBatch: { args: ScoreBatchArgs; result: ScoreBatchSummary };
  compareModels: { args: CompareArgs; result: CompareSummary };
}

/** The score worker's events: monitored scoring reports progress as plain scoring does. */
export type MonitorEvents = ScoreEvents;
