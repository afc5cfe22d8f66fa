// What a finished run produced, copied from the training outcome in one place: the run record,
// the train summary and the model version all keep these fields, through runResultOf.
import type { MetricsBySplit, SizesBySplit } from '../ml/types';
import type { SplitSummary } from './split';
import type { CrossValidationSummary, CurvePoint, TrainingOutcome } from './types';

/** What a finished run produced, as its run record, its summary and its model version keep it. */
export interface RunResult {
  metrics: MetricsBySplit;
  /** The baseline (majority class / mean) fit on the same training rows, on the same splits. */
  baselineMetrics: MetricsBySplit;
  splitSizes: SizesBySplit;
  splitSummary: SplitSummary;
  crossValidation?: CrossValidationSummary;
  history: CurvePoint[];
  backend: string;
  backendReason: string;
  durationMs: number;
}

/**
 * The run result of a training `outcome` on `backend`, or the run result fields of a larger
 * record (a summary carries more that no record should keep).
 */
export function runResultOf(
  from:
    RunResult | { outcome: TrainingOutcome; backend: { name: string; reason: string }; durationMs: number },
): RunResult {
  const r: RunResult =
    'outcome' in from
      ? {
          metrics: from.outcome.metrics,
          baselineMetrics: from.outcome.baselineMetrics,
          splitSizes: from.outcome.splitSizes,
          splitSummary: from.outcome.split,
          history: from.outcome.history,
          backend: from.backend.name,
          backendReason: from.backend.reason,
          durationMs: from.durationMs,
          ...(from.outcome.crossValidation ? { crossValidation: from.outcome.crossValidation } : {}),
        }
      : from;
  // Field by field: a summary carries more (tensors, weights) that no record should keep.
  return {
    metrics: r.metrics,
    baselineMetrics: r.baselineMetrics,
    splitSizes: r.splitSizes,
    splitSummary: r.splitSummary,
    history: r.history,
    backend: r.backend,
    backendReason: r.backendReason,
    durationMs: r.durationMs,
    ...(r.crossValidation ? { crossValidation: r.crossValidation } : {}),
  };
}
