/**
 * Evaluation views drawn as SVG (see evaluationSvg.ts): the page shows them and the report
 * embeds the same strings. Inputs are the views the evaluation worker computed.
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
import { barsSvg, histogramSvg, lineChartSvg, scatterSvg, type CurveSeries } from './evaluationSvg';

const UNIT: [number, number] = [0, 1];

function className(classes: readonly string[], k: number): string {
  return classes[k] ?? `class ${k}`;
}

/** ROC, precision–recall, calibration and cumulative gain, each with its baseline drawn. */
export function classificationFigures(
  v: ClassificationViews,
  classes: readonly string[],
  id: string,
): { roc: string; pr: string; calibration: string; gain: string } {
  const name = (k: number) => (v.curves.length === 1 ? className(classes, k) : className(classes, k));
  const roc: CurveSeries[] = v.curves.map((c) => ({
    name: `${name(c.classIndex)} (AUC ${c.roc.auc.toFixed(3)})`,
    points: c.roc.fpr.map((x, i) => ({ x, y: c.roc.tpr[i]! })),
  }));
  roc.push({
    name: 'Chance',
    points: [
      { x: 0, y: 0 },
      { x: 1, y: 1 },
    ],
    dashed: true,
    muted: true,
  });
  const pr: CurveSeries[] = v.curves.map((c) => ({
    name: `${name(c.classIndex)} (AP ${c.pr.averagePrecision.toFixed(3)})`,
    points: c.pr.recall.map((x, i) => ({ x, y: c.pr.precision[i]! })),
  }));
  for (const c of v.curves) {
    pr.push({
      name: `No skill: ${name(c.classIndex)}`,
      points: [
        { x: 0, y: c.pr.prevalence },
        { x: 1, y: c.pr.prevalence },
      ],
      dashed: true,
      muted: true,
    });
  }
  const cal: CurveSeries[] = v.curves.map((c) => ({
    name: `${name(c.classIndex)} (Brier ${c.calibration.brier.toFixed(3)})`,
    points: c.calibration.uniform.probPred.map((x, i) => ({ x, y: c.calibration.uniform.probTrue[i]! })),
    dots: true,
  }));
  cal.push({
    name: 'Perfectly calibrated',
    points: [
      { x: 0, y: 0 },
      { x: 1, y: 1 },
    ],
    dashed: true,
    muted: true,
  });
  const gain: CurveSeries[] = v.curves.map((c) => ({
    name: `${name(c.classIndex)} (lift at 10%: ${(c.gain.lift[5] ?? NaN).toFixed(2)})`,
    points: c.gain.share.map((x, i) => ({ x, y: c.gain.gain[i]! })),
  }));
  gain.push({
    name: 'Random order',
    points: [
      { x: 0, y: 0 },
      { x: 1, y: 1 },
    ],
    dashed: true,
    muted: true,
  });
  return {
    roc: lineChartSvg(
      `${id}-roc`,
      'ROC curve',
      'True-positive rate against false-positive rate at every threshold; the diagonal is chance.',
      roc,
      { xLabel: 'False-positive rate', yLabel: 'True-positive rate', xDomain: UNIT, yDomain: UNIT },
    ),
    pr: lineChartSvg(
      `${id}-pr`,
      'Precision–recall curve',
      'Precision against recall at every threshold; the flat line is the share of positives (no skill).',
      pr,
      { xLabel: 'Recall', yLabel: 'Precision', xDomain: UNIT, yDomain: UNIT },
    ),
    calibration: lineChartSvg(
      `${id}-cal`,
      'Calibration',
      'Share of positives against the mean predicted probability in ten equal-width bins; the diagonal is perfect calibration.',
      cal,
      { xLabel: 'Mean predicted probability', yLabel: 'Share of positives', xDomain: UNIT, yDomain: UNIT },
    ),
    gain: lineChartSvg(
      `${id}-gain`,
      'Cumulative gain',
      'Share of positives found against share of rows taken, highest scores first; the diagonal is a random order.',
      gain,
      {
        xLabel: 'Share of rows (highest score first)',
        yLabel: 'Share of positives found',
        xDomain: UNIT,
        yDomain: UNIT,
      },
    ),
  };
}

/** Precision and recall, and the value per row, across thresholds, with the chosen and best marked. */
export function thresholdFigures(
  sweep: readonly ThresholdPoint[],
  value: ValueMatrix | undefined,
  chosen: number,
  best: number | null,
  id: string,
): { rates: string; value: string | null } {
  const markers = [{ x: chosen, label: `chosen ${chosen.toFixed(2)}`, color: '#111827' }];
  if (best !== null) markers.push({ x: best, label: `best ${best.toFixed(2)}`, color: '#15803d' });
  const rates = lineChartSvg(
    `${id}-rates`,
    'Precision and recall by threshold',
    'Precision and recall of the positive class as the decision threshold moves.',
    [
      {
        name: 'Precision',
        points: sweep.map((p) => ({ x: p.threshold, y: p.tp + p.fp ? precisionOf(p) : NaN })),
      },
      { name: 'Recall', points: sweep.map((p) => ({ x: p.threshold, y: recallOf(p) })) },
    ],
    { xLabel: 'Threshold', yLabel: 'Rate', xDomain: UNIT, yDomain: UNIT, markers },
  );
  const chart = value
    ? lineChartSvg(
        `${id}-value`,
        'Value per row by threshold',
        'The value matrix of the goal applied to the confusion counts at each threshold, per row.',
        [{ name: 'Value per row', points: sweep.map((p) => ({ x: p.threshold, y: valuePerRow(p, value) })) }],
        { xLabel: 'Threshold', yLabel: 'Value per row', xDomain: UNIT, markers },
      )
    : null;
  return { rates, value: chart };
}

/** Predicted against actual, residuals against predicted, and the residual histogram. */
export function regressionFigures(
  d: RegressionDiagnostics,
  target: string,
  id: string,
): { fit: string; residuals: string; histogram: string } {
  return {
    fit: scatterSvg(
      `${id}-fit`,
      'Predicted against actual',
      `Each dot is a row (up to ${d.points.length} drawn); the dashed line is a perfect prediction.`,
      d.points.map((p) => ({ x: p.actual, y: p.predicted })),
      { xLabel: `Actual ${target}`, yLabel: `Predicted ${target}`, diagonal: true },
    ),
    residuals: scatterSvg(
      `${id}-res`,
      'Residuals against predicted',
      'Residual (actual − predicted) of each drawn row; a pattern means the model is biased somewhere.',
      d.points.map((p) => ({ x: p.predicted, y: p.actual - p.predicted })),
      { xLabel: `Predicted ${target}`, yLabel: 'Residual', zeroLine: true },
    ),
    histogram: histogramSvg(
      `${id}-hist`,
      'Residuals',
      'How far the predictions miss, in rows per bin of actual − predicted.',
      d.histogram,
      { xLabel: 'Residual (actual − predicted)' },
    ),
  };
}

/** Metric per segment, flagged where it falls below the bar. */
export function segmentsFigure(
  segments: readonly Segment[],
  column: string,
  metric: string,
  id: string,
): string {
  return barsSvg(
    `${id}-seg`,
    `${metric} by ${column}`,
    `The metric in each segment of ${column}, with its row count; red segments fall below the KPI.`,
    segments.map((s) => ({
      label: `${s.label} (${s.rows})`,
      value: s.value,
      flagged: s.below,
      note: Number.isFinite(s.value) ? s.value.toFixed(3) : 'n/a',
    })),
    { xLabel: metric },
  );
}

/** Permutation importance per input column, mean ± standard deviation over the repeats. */
export function importanceFigure(items: readonly FeatureImportance[], metric: string, id: string): string {
  return barsSvg(
    `${id}-imp`,
    'Permutation importance',
    `How much ${metric} drops when a column's values are shuffled (mean ± standard deviation over the repeats).`,
    items.map((f) => ({
      label: f.feature,
      value: f.importance,
      spread: f.std,
      note: `${f.importance.toFixed(3)} ± ${f.std.toFixed(3)}`,
    })),
    { xLabel: `Drop in ${metric}` },
  );
}

/** Partial dependence (thick) over ICE curves (thin) of one column. */
export function dependenceFigure(pd: PartialDependence, outputName: string, id: string): string {
  const numeric = pd.kind === 'numeric';
  const xs = pd.grid.map((g, i) => (numeric ? (g as number) : i));
  const ice: { x: number; y: number }[] = [];
  for (const curve of pd.ice) {
    curve.forEach((y, i) => ice.push({ x: xs[i]!, y }));
    ice.push({ x: NaN, y: NaN });
  }
  const chart = lineChartSvg(
    `${id}-pd`,
    `Partial dependence on ${pd.column}`,
    `Mean prediction (${outputName}) as ${pd.column} is set to each value in every sampled row; thin lines are single rows (ICE).`,
    [
      { name: `ICE (${pd.ice.length} rows)`, points: ice, muted: true },
      { name: 'Partial dependence', points: xs.map((x, i) => ({ x, y: pd.pd[i]! })), dots: !numeric },
    ],
    { xLabel: numeric ? pd.column : `${pd.column}: ${pd.grid.join(', ')}`, yLabel: outputName },
  );
  return chart;
}

/** One row's reasons for output `k`: each column's contribution, largest first. */
export function reasonsFigure(r: RowReasons, k: number, id: string): string {
  const sorted = [...r.columns].sort((a, b) => Math.abs(b.contributions[k]!) - Math.abs(a.contributions[k]!));
  return barsSvg(
    `${id}-why`,
    `Why this prediction (${r.outputs[k] ?? ''})`,
    `Each column's contribution to the ${r.space} of ${r.outputs[k] ?? 'the output'}; they add up from the expected value ${r.expected[k]!.toFixed(4)} to the output ${r.output[k]!.toFixed(4)}.`,
    sorted.map((c) => ({
      label: c.column,
      value: c.contributions[k]!,
      ...(c.stdErr
        ? { spread: c.stdErr[k]!, note: `${c.contributions[k]!.toFixed(4)} ± ${c.stdErr[k]!.toFixed(4)}` }
        : { note: c.contributions[k]!.toFixed(4) }),
    })),
    { xLabel: `Contribution (${r.space})` },
  );
}
