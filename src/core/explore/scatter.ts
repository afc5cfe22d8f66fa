/** Points for a scatter plot of two columns, sampled in the worker so the page draws a few thousand. */
import {
  cellText,
  getColumn,
  isCategoricalColumn,
  MISSING_CODE,
  isMissing,
  isNumericColumn,
  type Column,
  type ColumnType,
  type Table,
} from '../table/table';
import { sampleOf } from './sample';
import { capCategories, capCodes, codeLabeler, LabelClipper } from './labels';

/** A value as Plotly takes it: numbers as numbers; dates as ISO text (a date axis); the rest as text. */
export type PlotValue = number | string;

export interface ScatterSample {
  x: PlotValue[];
  y: PlotValue[];
  /** The colour column's value per point as text ('(missing)' when absent). */
  color?: string[];
  xType: ColumnType;
  yType: ColumnType;
  /** Rows where both x and y are present (the points there would be without sampling). */
  total: number;
  /** True when `x.length < total`: the points are a uniform random sample. */
  sampled: boolean;
}

const PLOTTABLE: readonly ColumnType[] = ['integer', 'number', 'date', 'datetime'];

/**
 * The scatter plot's default axes: the first two number or date columns (one column against
 * itself when there is one). Never a text column: a text axis lays out one label per distinct
 * value, and a long text cell as a label froze the page. Empty when nothing can be plotted.
 */
export function defaultScatterAxes(schema: readonly { name: string; type: ColumnType }[]): {
  x: string;
  y: string;
} {
  const numeric = schema.filter((c) => PLOTTABLE.includes(c.type));
  const x = numeric[0]?.name ?? '';
  return { x, y: numeric[1]?.name ?? x };
}

/** A cell as a plot value; the caller has checked it is not missing. */
export function plotValue(col: Column, row: number): PlotValue {
  return isNumericColumn(col) ? col.values[row]! : cellText(col, row);
}

/**
 * The values of one axis: numbers as they are; texts as bounded labels, at most
 * MAX_AXIS_CATEGORIES of them (a text column chosen as an axis can hold long, unique cells).
 */
function axisValues(col: Column, points: readonly number[]): PlotValue[] {
  if (isNumericColumn(col)) return points.map((r) => col.values[r]!);
  if (isCategoricalColumn(col))
    return capCodes(
      points.map((r) => col.codes[r]!),
      col.dictionary,
    );
  return capCategories(points.map((r) => cellText(col, r)));
}

/** The colour column's label per point ('(missing)' when absent), bounded like any label. */
function colorValues(col: Column, points: readonly number[]): string[] {
  if (isCategoricalColumn(col)) {
    const label = codeLabeler(col.dictionary);
    return points.map((r) => (col.codes[r] === MISSING_CODE ? '(missing)' : label(col.codes[r]!)));
  }
  const clip = new LabelClipper();
  return points.map((r) => (isMissing(col, r) ? '(missing)' : clip.label(cellText(col, r))));
}

/** Rows (ascending) where every one of `columns` has a value. */
export function presentRows(table: Table, columns: readonly Column[]): Int32Array {
  const rows: number[] = [];
  for (let r = 0; r < table.rowCount; r++) if (!columns.some((c) => isMissing(c, r))) rows.push(r);
  return Int32Array.from(rows);
}

/**
 * Up to `max` points of `x` against `y` over the rows where both are present, drawn with a
 * fixed seed, optionally with the `color` column's value per point.
 */
export function scatterSample(
  table: Table,
  x: string,
  y: string,
  options: { color?: string; max: number; seed?: number },
): ScatterSample {
  const cx = getColumn(table, x);
  const cy = getColumn(table, y);
  const cc = options.color ? getColumn(table, options.color) : undefined;
  const rows = presentRows(table, [cx, cy]);
  const chosen = sampleOf(rows, options.max, options.seed);
  const points = Array.from(chosen);
  return {
    x: axisValues(cx, points),
    y: axisValues(cy, points),
    ...(cc ? { color: colorValues(cc, points) } : {}),
    xType: cx.type,
    yType: cy.type,
    total: rows.length,
    sampled: chosen.length < rows.length,
  };
}
