/**
 * Evaluation views as chart specs (see ChartSpec in evaluationSvg.ts): the page draws them with
 * renderChart and the report stores and draws the same specs. Inputs are the views the
 * evaluation worker computed.
 */
import type { ClassificationViews } from '../ml/evaluation/views';
import type { RegressionDiagnostics } from '../ml/evaluation/regression';
import type { Segment } from '../ml/evaluation/segments';
import {
  precisionOf,
  recallOf,
  valuePerRow,
  type ThresholdPoint,
  type ValueMatrix,
} from '../ml/evaluation/threshold';
import type { FeatureImportance } from '../ml/explain/permutation';
import type { PartialDependence } from '../ml/explain/partialDependence';
import type { RowReasons } from '../ml/explain/reasons';
import type { ChartSpec } from './evaluationSvg';

type Line = Extract<ChartSpec, { kind: 'line' }>;
type Series = Line['series'][number];

const DIAGONAL: [number, number][] = [
  [0, 0],
  [1, 1],
];
const round = (v: number) => Math.round(v * 1e6) / 1e6;
const pairs = (xs: readonly number[], ys: readonly number[]): [number, number][] =>
  xs.map((x, i) => [round(x), round(ys[i]!)]);

/** ROC, precision–recall, calibration and cumulative gain, each with its baseline drawn. */
export function classificationFigures(
  v: ClassificationViews,
  classes: readonly string[],
): { roc: ChartSpec; pr: ChartSpec; calibration: ChartSpec; gain: ChartSpec } {
  const name = (k: number) => classes[k] ?? `class ${k}`;
  const roc: Series[] = v.curves.map((c) => ({
    name: `${name(c.classIndex)} (AUC ${c.roc.auc.toFixed(3)})`,
    points: pairs(c.roc.fpr, c.roc.tpr),
  }));
  roc.push({ name: 'Chance', points: DIAGONAL, dashed: true, muted: true });
  const pr: Series[] = v.curves.map((c) => ({
    name: `${name(c.classIndex)} (AP ${c.pr.averagePrecision.toFixed(3)})`,
    points: pairs(c.pr.recall, c.pr.precision),
  }));
  for (const c of v.curves) {
    const p = round(c.pr.prevalence);
    pr.push({
      name: `No skill: ${name(c.classIndex)}`,
      points: [
        [0, p],
        [1, p],
      ],
      dashed: true,
      muted: true,
    });
  }
  const cal: Series[] = v.curves.map((c) => ({
    name: `${name(c.classIndex)} (Brier ${c.calibration.brier.toFixed(3)})`,
    points: pairs(c.calibration.uniform.probPred, c.calibration.uniform.probTrue),
    dots: true,
  }));
  cal.push({ name: 'Perfectly calibrated', points: DIAGONAL, dashed: true, muted: true });
  const gain: Series[] = v.curves.map((c) => ({
    name: `${name(c.classIndex)} (lift at 10%: ${(c.gain.lift[5] ?? NaN).toFixed(2)})`,
    points: pairs(c.gain.share, c.gain.gain),
  }));
  gain.push({ name: 'Random order', points: DIAGONAL, dashed: true, muted: true });
  const unit = { unitX: true, unitY: true } as const;
  return {
    roc: {
      kind: 'line',
      title: 'ROC curve',
      description:
        'True-positive rate against false-positive rate at every threshold; the diagonal is chance.',
      xLabel: 'False-positive rate',
      yLabel: 'True-positive rate',
      series: roc,
      ...unit,
    },
    pr: {
      kind: 'line',
      title: 'Precision–recall curve',
      description:
        'Precision against recall at every threshold; the flat line is the share of positives (no skill).',
      xLabel: 'Recall',
      yLabel: 'Precision',
      series: pr,
      ...unit,
    },
    calibration: {
      kind: 'line',
      title: 'Calibration',
      description:
        'Share of positives against the mean predicted probability in ten equal-width bins; the diagonal is perfect calibration.',
      xLabel: 'Mean predicted probability',
      yLabel: 'Share of positives',
      series: cal,
      ...unit,
    },
    gain: {
      kind: 'line',
      title: 'Cumulative gain',
      description:
        'Share of positives found against share of rows taken, highest scores first; the diagonal is a random order.',
      xLabel: 'Share of rows (highest score first)',
      yLabel: 'Share of positives found',
      series: gain,
      ...unit,
    },
  };
}

/** Precision and recall, and the value per row, across thresholds, with the chosen and best marked. */
export function thresholdFigures(
  sweep: readonly ThresholdPoint[],
  value: ValueMatrix | undefined,
  chosen: number,
  best: number | null,
): { rates: ChartSpec; value: ChartSpec | null } {
  const markers = [{ x: chosen, label: `chosen ${chosen.toFixed(2)}`, color: '#111827' }];
  if (best !== null) markers.push({ x: best, label: `best ${best.toFixed(2)}`, color: '#15803d' });
  const xs = sweep.map((p) => p.threshold);
  return {
    rates: {
      kind: 'line',
      title: 'Precision and recall by threshold',
      description: 'Precision and recall of the positive class as the decision threshold moves.',
      xLabel: 'Threshold',
      yLabel: 'Rate',
      unitX: true,
      unitY: true,
      markers,
      series: [
        {
          name: 'Precision',
          points: pairs(
            xs,
            sweep.map((p) => (p.tp + p.fp ? precisionOf(p) : NaN)),
          ),
        },
        { name: 'Recall', points: pairs(xs, sweep.map(recallOf)) },
      ],
    },
    value: value
      ? {
          kind: 'line',
          title: 'Value per row by threshold',
          description:
            'The value matrix of the goal applied to the confusion counts at each threshold, per row.',
          xLabel: 'Threshold',
          yLabel: 'Value per row',
          unitX: true,
          markers,
          series: [
            {
              name: 'Value per row',
              points: pairs(
                xs,
                sweep.map((p) => valuePerRow(p, value)),
              ),
            },
          ],
        }
      : null,
  };
}

/** Predicted against actual, residuals against predicted, and the residual histogram. */
export function regressionFigures(
  d: RegressionDiagnostics,
  target: string,
): { fit: ChartSpec; residuals: ChartSpec; histogram: ChartSpec } {
  return {
    fit: {
      kind: 'scatter',
      title: 'Predicted against actual',
      description: `Each dot is a row (${d.points.length} drawn); the dashed line is a perfect prediction.`,
      xLabel: `Actual ${target}`,
      yLabel: `Predicted ${target}`,
      points: d.points.map((p) => [round(p.actual), round(p.predicted)]),
      diagonal: true,
    },
    residuals: {
      kind: 'scatter',
      title: 'Residuals against predicted',
      description:
        'Residual (actual − predicted) of each drawn row; a pattern means the model is biased somewhere.',
      xLabel: `Predicted ${target}`,
      yLabel: 'Residual',
      points: d.points.map((p) => [round(p.predicted), round(p.actual - p.predicted)]),
      zeroLine: true,
    },
    histogram: {
      kind: 'histogram',
      title: 'Residuals',
      description: 'How far the predictions miss, in rows per bin of actual − predicted.',
      xLabel: 'Residual (actual − predicted)',
      bins: d.histogram.map((b) => ({ from: round(b.from), to: round(b.to), count: b.count })),
    },
  };
}

/** Metric per segment, flagged where it falls below the bar. */
export function segmentsFigure(segments: readonly Segment[], column: string, metric: string): ChartSpec {
  return {
    kind: 'bars',
    title: `${metric} by ${column}`,
    description: `The metric in each segment of ${column}, with its row count; red segments fall below the KPI.`,
    xLabel: metric,
    bars: segments.map((s) => ({
      label: `${s.label} (${s.rows})`,
      value: s.value,
      flagged: s.below,
      note: Number.isFinite(s.value) ? s.value.toFixed(3) : 'n/a',
    })),
  };
}

/** Permutation importance per input column, mean ± standard deviation over the repeats. */
export function importanceFigure(
  items: readonly { feature: string; importance: number; std?: number }[],
  metric: string,
): ChartSpec {
  return {
    kind: 'bars',
    title: 'Permutation importance',
    description: `How much ${metric} drops when a column's values are shuffled (mean ± standard deviation over the repeats).`,
    xLabel: `Drop in ${metric}`,
    bars: items.map((f: FeatureImportance | { feature: string; importance: number; std?: number }) => ({
      label: f.feature,
      value: f.importance,
      ...(f.std === undefined ? {} : { spread: f.std }),
      note:
        f.std === undefined ? f.importance.toFixed(3) : `${f.importance.toFixed(3)} ± ${f.std.toFixed(3)}`,
    })),
  };
}

/** Partial dependence (thick) over ICE curves (thin) of one column. */
export function dependenceFigure(pd: PartialDependence, outputName: string): ChartSpec {
  const numeric = pd.kind === 'numeric';
  const xs = pd.grid.map((g, i) => (numeric ? (g as number) : i));
  const ice: [number, number][] = [];
  for (const curve of pd.ice) {
    curve.forEach((y, i) => ice.push([round(xs[i]!), round(y)]));
    ice.push([NaN, NaN]);
  }
  return {
    kind: 'line',
    title: `Partial dependence on ${pd.column}`,
    description: `Mean prediction (${outputName}) as ${pd.column} is set to each value in every sampled row; thin lines are single rows (ICE).`,
    xLabel: numeric ? pd.column : `${pd.column}: ${pd.grid.join(', ')}`,
    yLabel: outputName,
    series: [
      { name: `ICE (${pd.ice.length} rows)`, points: ice, muted: true },
      { name: 'Partial dependence', points: pairs(xs, pd.pd), ...(numeric ? {} : { dots: true }) },
    ],
  };
}

/** One row's reasons for output `k`: each column's contribution, largest first. */
export function reasonsFigure(r: RowReasons, k: number): ChartSpec {
  const sorted = [...r.columns].sort((a, b) => Math.abs(b.contributions[k]!) - Math.abs(a.contributions[k]!));
  return {
    kind: 'bars',
    title: `Why this prediction (${r.outputs[k] ?? ''})`,
    description: `Each column's contribution to the ${r.space} of ${r.outputs[k] ?? 'the output'}; they add up from the expected value ${r.expected[k]!.toFixed(4)} to the output ${r.output[k]!.toFixed(4)}.`,
    xLabel: `Contribution (${r.space})`,
    bars: sorted.map((c) => ({
      label: c.column,
      value: c.contributions[k]!,
      ...(c.stdErr
        ? { spread: c.stdErr[k]!, note: `${c.contributions[k]!.toFixed(4)} ± ${c.stdErr[k]!.toFixed(4)}` }
        : { note: c.contributions[k]!.toFixed(4) }),
    })),
  };
}
