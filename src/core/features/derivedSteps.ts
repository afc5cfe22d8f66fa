/**
 * Steps that derive new columns from existing ones: date parts, pairwise products, squares, and
 * dropping columns. None of them learns anything from the data except the output names.
 */

import { isDateColumn } from '../table/table';
import type { StepContext } from './stepContext';
import type {
  DatePart,
  DatePartsStep,
  DropStep,
  FittedDateParts,
  FittedDrop,
  FittedProducts,
  InteractionsStep,
  PolynomialStep,
} from './types';
import type { WorkColumn, WorkingSet } from './workingSet';
import { numberColumn, numbersOf, stepLabel } from './workingSet';

// ---- date parts ----

/** Period of each cyclical part: its sin/cos put the last value next to the first. */
const PERIOD: Partial<Record<DatePart, number>> = { month: 12, dayOfWeek: 7, hour: 24 };

function partValue(d: Date, part: DatePart): number {
  switch (part) {
    case 'year':
      return d.getUTCFullYear();
    case 'month':
      return d.getUTCMonth() + 1;
    case 'day':
      return d.getUTCDate();
    case 'dayOfWeek':
      return d.getUTCDay();
    case 'hour':
      return d.getUTCHours();
  }
}

/** Output names per part: `<col>_<part>`, or `<col>_<part>_sin` and `_cos` for cyclical parts. */
function partOutputs(name: string, part: DatePart, cyclical: boolean): string[] {
  return cyclical && PERIOD[part] !== undefined
    ? [`${name}_${part}_sin`, `${name}_${part}_cos`]
    : [`${name}_${part}`];
}

/**
 * Year, month (1–12), day (1–31), day of week (0 = Sunday) and hour, in UTC (dates are stored as
 * UTC epoch ms). With `cyclical`, month, day of week and hour become sin/cos pairs instead.
 */
export function fitDateParts(spec: DatePartsStep, set: WorkingSet, ctx: StepContext): FittedDateParts {
  const taken = new Set<string>();
  const columns = spec.columns.map((name) => {
    const work = set.get(name, ctx.index, ctx.spec);
    if (!isDateColumn(work.column)) {
      throw new Error(
        `${stepLabel(ctx.index, ctx.spec)}: column "${name}" holds ${work.column.type} values, not dates. ` +
          `Remove it from this step, or convert it to a date in the data preparation.`,
      );
    }
    const parts =
      spec.parts ??
      (work.column.type === 'datetime'
        ? ['year', 'month', 'dayOfWeek', 'hour']
        : ['year', 'month', 'dayOfWeek']);
    const cyclical = spec.cyclical ?? false;
    const outputs = parts
      .flatMap((p) => partOutputs(name, p, cyclical))
      .map((base) => {
        const out = set.uniqueName(base, taken);
        taken.add(out);
        return out;
      });
    return { name, parts: [...parts], cyclical, outputs };
  });
  const fitted: FittedDateParts = { kind: 'dateParts', columns };
  applyDateParts(fitted, set, ctx);
  return fitted;
}

/** A missing date gives NaN in every part (an impute step after this one can fill them). */
export function applyDateParts(fitted: FittedDateParts, set: WorkingSet, ctx: StepContext): void {
  for (const c of fitted.columns) {
    const work = set.get(c.name, ctx.index, ctx.spec);
    const ms = numbersOf(work, ctx.index, ctx.spec);
    const values = c.outputs.map(() => new Float64Array(ms.length));
    for (let i = 0; i < ms.length; i++) {
      const t = ms[i]!;
      const d = new Date(t);
      let o = 0;
      for (const part of c.parts) {
        const v = Number.isNaN(t) ? NaN : partValue(d, part);
        const period = PERIOD[part];
        if (c.cyclical && period !== undefined) {
          // Month counts from 1; shift it so January sits at angle 0 like the other parts.
          const angle = (2 * Math.PI * (part === 'month' ? v - 1 : v)) / period;
          values[o++]![i] = Math.sin(angle);
          values[o++]![i] = Math.cos(angle);
        } else {
          values[o++]![i] = v;
        }
      }
    }
    set.replace(
      c.name,
      c.outputs.map((n, j) => ({
        column: numberColumn(n, values[j]!),
        sources: work.sources,
        step: ctx.index,
      })),
    );
  }
}

// ---- interactions and polynomial ----

/**
 * interactions: `a*b` for each pair; polynomial (degree 2): for each column a, `a^2`, then `a*b`
 * with each later column b (scikit-learn's PolynomialFeatures order, without the originals, which
 * stay in place). New columns go at the end.
 */
export function fitProducts(
  spec: InteractionsStep | PolynomialStep,
  set: WorkingSet,
  ctx: StepContext,
): FittedProducts {
  for (const name of spec.columns) numbersOf(set.get(name, ctx.index, ctx.spec), ctx.index, ctx.spec);
  const taken = new Set<string>();
  const products: FittedProducts['products'] = [];
  const cols = spec.columns;
  for (let i = 0; i < cols.length; i++) {
    for (let j = spec.kind === 'polynomial' ? i : i + 1; j < cols.length; j++) {
      const a = cols[i]!;
      const b = cols[j]!;
      const output = set.uniqueName(i === j ? `${a}^2` : `${a}*${b}`, taken);
      taken.add(output);
      products.push({ output, a, b });
    }
  }
  const fitted: FittedProducts = { kind: spec.kind, products };
  applyProducts(fitted, set, ctx);
  return fitted;
}

export function applyProducts(fitted: FittedProducts, set: WorkingSet, ctx: StepContext): void {
  const made: WorkColumn[] = fitted.products.map(({ output, a, b }) => {
    const wa = set.get(a, ctx.index, ctx.spec);
    const wb = set.get(b, ctx.index, ctx.spec);
    const va = numbersOf(wa, ctx.index, ctx.spec);
    const vb = numbersOf(wb, ctx.index, ctx.spec);
    const v = new Float64Array(va.length);
    for (let i = 0; i < v.length; i++) v[i] = va[i]! * vb[i]!;
    return {
      column: numberColumn(output, v),
      sources: [...new Set([...wa.sources, ...wb.sources])],
      step: ctx.index,
    };
  });
  for (const m of made) set.append(m);
}

// ---- drop ----

export function fitDrop(spec: DropStep, set: WorkingSet, ctx: StepContext): FittedDrop {
  // has() rather than get(): a column that is only dropped is not read, so inference does not need it.
  for (const name of spec.columns) if (!set.has(name)) set.get(name, ctx.index, ctx.spec);
  const fitted: FittedDrop = { kind: 'drop', columns: [...spec.columns] };
  applyDrop(fitted, set);
  return fitted;
}

/**
 * Columns that are only dropped are not required at inference, so a scoring file may lack them:
 * absent columns are skipped here.
 */
export function applyDrop(fitted: FittedDrop, set: WorkingSet): void {
  for (const name of fitted.columns) if (set.has(name)) set.replace(name, []);
}
