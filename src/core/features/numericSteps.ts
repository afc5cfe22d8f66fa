/**
 * Steps on numbers: impute, scale, power transforms, quantile clipping and binning. Each `fit*`
 * learns its state from the training columns and then transforms them with the matching `apply*`,
 * so a recipe replayed on any table runs exactly the code the training rows went through.
 * Missing values stay missing (scikit-learn's behaviour) except in the impute step.
 */

import type { CategoricalColumn, Column } from '../table/table';
import { isCategoricalColumn, isDateColumn } from '../table/table';
import { mean, mode, presentValues, quantileSorted, sorted, variance } from './stats';
import type {
  BinStep,
  ClipQuantilesStep,
  FittedBin,
  FittedClip,
  FittedImpute,
  FittedPower,
  FittedScale,
  ImputeStep,
  PowerStep,
  ScaleStep,
} from './types';
import type { StepContext } from './stepContext';
import type { WorkColumn, WorkingSet } from './workingSet';
import { countKeys, numberColumn, numbersOf, stepLabel } from './workingSet';
import { fitYeoJohnson, yeoJohnsonValue } from './yeoJohnson';

function trainingValues(work: WorkColumn, ctx: StepContext, what: string): Float64Array {
  const present = presentValues(numbersOf(work, ctx.index, ctx.spec));
  if (present.length === 0) {
    throw new Error(
      `${stepLabel(ctx.index, ctx.spec)}: column "${work.column.name}" has no values in the training ` +
        `split, so its ${what} cannot be learned. Drop the column or fill it with a constant first.`,
    );
  }
  return present;
}

function written(work: WorkColumn, column: Column, ctx: StepContext): WorkColumn {
  return { column, sources: work.sources, step: ctx.index };
}

// ---- impute ----

/** Learns each column's fill value; categorical columns take the mode or a constant string. */
export function fitImpute(spec: ImputeStep, set: WorkingSet, ctx: StepContext): FittedImpute {
  const taken = new Set<string>();
  const columns = spec.columns.map((name) => {
    const work = set.get(name, ctx.index, ctx.spec);
    const fill = isCategoricalColumn(work.column)
      ? categoricalFill(spec, work, ctx)
      : numericFill(spec, work, ctx);
    if (!spec.addIndicator) return { name, fill };
    const indicator = set.uniqueName(`${name}_missing`, taken);
    taken.add(indicator);
    return { name, fill, indicator };
  });
  const fitted: FittedImpute = { kind: 'impute', columns };
  applyImpute(fitted, set, ctx);
  return fitted;
}

function categoricalFill(spec: ImputeStep, work: WorkColumn, ctx: StepContext): string {
  if (spec.strategy === 'constant') return String(spec.value ?? 'missing');
  if (spec.strategy !== 'mode') {
    throw new Error(
      `${stepLabel(ctx.index, ctx.spec)}: column "${work.column.name}" holds categories, which have no ` +
        `${spec.strategy}. Use "mode" or "constant" for it.`,
    );
  }
  const best = mode(countKeys(work, ctx.index, ctx.spec).counts);
  if (best === undefined) {
    throw new Error(
      `${stepLabel(ctx.index, ctx.spec)}: column "${work.column.name}" has no values in the training ` +
        `split, so its most frequent value cannot be learned. Drop it or use a constant.`,
    );
  }
  return best;
}

function numericFill(spec: ImputeStep, work: WorkColumn, ctx: StepContext): number {
  if (spec.strategy === 'constant') {
    const v = typeof spec.value === 'number' ? spec.value : Number(spec.value ?? 0);
    if (!Number.isFinite(v)) {
      throw new Error(
        `${stepLabel(ctx.index, ctx.spec)}: column "${work.column.name}" holds numbers, but the fill ` +
          `value ${JSON.stringify(spec.value)} is not a number. Enter a number.`,
      );
    }
    return v;
  }
  const present = trainingValues(work, ctx, spec.strategy);
  if (spec.strategy === 'mean') return mean(present);
  if (spec.strategy === 'median') return quantileSorted(sorted(present), 0.5);
  const counts = new Map<number, number>();
  for (const v of present) counts.set(v, (counts.get(v) ?? 0) + 1);
  return mode(counts)!;
}

/** Fills missing cells; categorical columns stay categorical, dates stay dates, the rest become numbers. */
export function applyImpute(fitted: FittedImpute, set: WorkingSet, ctx: StepContext): void {
  for (const entry of fitted.columns) {
    const work = set.get(entry.name, ctx.index, ctx.spec);
    const c = work.column;
    const indicator = new Float64Array(set.rowCount);
    let filled: Column;
    if (isCategoricalColumn(c)) {
      filled = fillCategorical(c, String(entry.fill), indicator);
    } else {
      const values = Float64Array.from(numbersOf(work, ctx.index, ctx.spec));
      const fill = Number(entry.fill);
      for (let i = 0; i < values.length; i++) {
        if (Number.isNaN(values[i]!)) {
          values[i] = fill;
          indicator[i] = 1;
        }
      }
      filled = isDateColumn(c) ? { name: c.name, type: c.type, values } : numberColumn(c.name, values);
    }
    const out = [written(work, filled, ctx)];
    if (entry.indicator) out.push(written(work, numberColumn(entry.indicator, indicator), ctx));
    set.replace(entry.name, out);
  }
}

function fillCategorical(c: CategoricalColumn, fill: string, indicator: Float64Array): CategoricalColumn {
  let code = c.dictionary.indexOf(fill);
  const dictionary = code >= 0 ? c.dictionary : [...c.dictionary, fill];
  if (code < 0) code = c.dictionary.length;
  const codes = Int32Array.from(c.codes);
  for (let i = 0; i < codes.length; i++) {
    if (codes[i]! < 0) {
      codes[i] = code;
      indicator[i] = 1;
    }
  }
  return { name: c.name, type: c.type, codes, dictionary };
}

// ---- scale ----

/** Learns center and scale per column; a zero spread becomes 1 (scikit-learn), so constants map to 0. */
export function fitScale(spec: ScaleStep, set: WorkingSet, ctx: StepContext): FittedScale {
  const columns = spec.columns.map((name) => {
    const present = trainingValues(set.get(name, ctx.index, ctx.spec), ctx, 'scale');
    let center: number;
    let scale: number;
    if (spec.method === 'standard') {
      center = mean(present);
      scale = Math.sqrt(variance(present));
    } else {
      const s = sorted(present);
      if (spec.method === 'minmax') {
        center = s[0]!;
        scale = s[s.length - 1]! - center;
      } else {
        center = quantileSorted(s, 0.5);
        scale = quantileSorted(s, 0.75) - quantileSorted(s, 0.25);
      }
    }
    return { name, center, scale: scale === 0 ? 1 : scale };
  });
  const fitted: FittedScale = { kind: 'scale', columns };
  applyScale(fitted, set, ctx);
  return fitted;
}

/** (x − center) / scale; values outside the training range simply land outside [0, 1] or ±3σ. */
export function applyScale(fitted: FittedScale, set: WorkingSet, ctx: StepContext): void {
  for (const { name, center, scale } of fitted.columns) {
    mapNumbers(set, name, ctx, (x) => (x - center) / scale);
  }
}

function mapNumbers(set: WorkingSet, name: string, ctx: StepContext, f: (x: number) => number): void {
  const work = set.get(name, ctx.index, ctx.spec);
  const values = numbersOf(work, ctx.index, ctx.spec);
  const out = new Float64Array(values.length);
  for (let i = 0; i < out.length; i++) out[i] = f(values[i]!);
  set.replace(name, [written(work, numberColumn(name, out), ctx)]);
}

// ---- power ----

/**
 * log1p needs training values above −1 (it learns the training minimum as a floor for new data);
 * Yeo-Johnson learns lambda by maximum likelihood, then standardizes.
 */
export function fitPower(spec: PowerStep, set: WorkingSet, ctx: StepContext): FittedPower {
  const columns = spec.columns.map((name) => {
    const present = trainingValues(set.get(name, ctx.index, ctx.spec), ctx, 'transform');
    if (spec.method === 'yeoJohnson') return { name, ...fitYeoJohnson(present) };
    const floor = present.reduce((a, b) => Math.min(a, b), Infinity);
    if (floor <= -1) {
      throw new Error(
        `${stepLabel(ctx.index, ctx.spec)}: column "${name}" has values down to ${floor}, and log1p ` +
          `needs values above −1. Use the Yeo-Johnson transform for this column instead.`,
      );
    }
    return { name, floor };
  });
  const fitted: FittedPower = { kind: 'power', method: spec.method, columns };
  applyPower(fitted, set, ctx);
  return fitted;
}

/** New values below the training minimum are raised to it before log1p, so log1p never sees ≤ −1. */
export function applyPower(fitted: FittedPower, set: WorkingSet, ctx: StepContext): void {
  for (const c of fitted.columns) {
    if (fitted.method === 'log1p') {
      const floor = c.floor ?? 0;
      mapNumbers(set, c.name, ctx, (x) => Math.log1p(Math.max(x, floor)));
    } else {
      const lambda = c.lambda ?? 1;
      const m = c.mean ?? 0;
      const s = c.std ?? 1;
      mapNumbers(set, c.name, ctx, (x) => (yeoJohnsonValue(x, lambda) - m) / s);
    }
  }
}

// ---- clip ----

export function fitClip(spec: ClipQuantilesStep, set: WorkingSet, ctx: StepContext): FittedClip {
  const columns = spec.columns.map((name) => {
    const s = sorted(trainingValues(set.get(name, ctx.index, ctx.spec), ctx, 'quantiles'));
    return { name, low: quantileSorted(s, spec.lower), high: quantileSorted(s, spec.upper) };
  });
  const fitted: FittedClip = { kind: 'clipQuantiles', columns };
  applyClip(fitted, set, ctx);
  return fitted;
}

export function applyClip(fitted: FittedClip, set: WorkingSet, ctx: StepContext): void {
  for (const { name, low, high } of fitted.columns) {
    mapNumbers(set, name, ctx, (x) => Math.min(Math.max(x, low), high));
  }
}

// ---- bin ----

/**
 * Bin edges as scikit-learn's KBinsDiscretizer learns them: equal width over the training range,
 * or training percentiles with bins narrower than 1e-8 removed. A constant column gets one bin.
 */
export function fitBin(spec: BinStep, set: WorkingSet, ctx: StepContext): FittedBin {
  const taken = new Set<string>();
  const columns = spec.columns.map((name) => {
    const s = sorted(trainingValues(set.get(name, ctx.index, ctx.spec), ctx, 'bin edges'));
    const lo = s[0]!;
    const hi = s[s.length - 1]!;
    let edges: number[];
    if (lo === hi) {
      edges = [lo, hi];
    } else if (spec.strategy === 'uniform') {
      const step = (hi - lo) / spec.nBins;
      edges = Array.from({ length: spec.nBins + 1 }, (_, i) => (i === spec.nBins ? hi : i * step + lo));
    } else {
      const raw = Array.from({ length: spec.nBins + 1 }, (_, i) =>
        quantileSorted(s, (i * 100) / spec.nBins / 100),
      );
      edges = raw.filter((e, i) => i === 0 || e - raw[i - 1]! > 1e-8);
    }
    const outputs: string[] = [];
    if (spec.output === 'oneHot') {
      for (let b = 0; b < edges.length - 1; b++) {
        const out = set.uniqueName(`${name}_bin${b}`, taken);
        taken.add(out);
        outputs.push(out);
      }
    }
    return { name, edges, outputs };
  });
  const fitted: FittedBin = { kind: 'bin', output: spec.output, columns };
  applyBin(fitted, set, ctx);
  return fitted;
}

/**
 * Bin number = how many inner edges are ≤ x (NumPy searchsorted, side="right"), so values beyond
 * the training range fall in the first or last bin. Missing: NaN (ordinal) or all zeros (one-hot).
 */
export function applyBin(fitted: FittedBin, set: WorkingSet, ctx: StepContext): void {
  for (const { name, edges, outputs } of fitted.columns) {
    const work = set.get(name, ctx.index, ctx.spec);
    const values = numbersOf(work, ctx.index, ctx.spec);
    const inner = edges.slice(1, -1);
    const bins = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const x = values[i]!;
      if (Number.isNaN(x)) {
        bins[i] = NaN;
        continue;
      }
      let b = 0;
      while (b < inner.length && inner[b]! <= x) b++;
      bins[i] = b;
    }
    if (fitted.output === 'ordinal') {
      set.replace(name, [written(work, numberColumn(name, bins), ctx)]);
      continue;
    }
    const columns = outputs.map((out, b) => {
      const v = new Float64Array(values.length);
      for (let i = 0; i < v.length; i++) if (bins[i] === b) v[i] = 1;
      return written(work, numberColumn(out, v), ctx);
    });
    set.replace(name, columns);
  }
}
