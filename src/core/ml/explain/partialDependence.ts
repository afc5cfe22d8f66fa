/**
 * Partial dependence and ICE curves of one input column: set the column to each grid value in
 * every sampled row, run the recipe and the model, and average (PD) or keep per row (ICE). Done
 * on the input table, so the curve is in the column's own units whatever the recipe does.
 */
import { sortedQuantile } from '../evaluation/bootstrap';
import { takeRows, type Column, type Table } from '../../table/table';

export interface PartialDependence {
  column: string;
  kind: 'numeric' | 'categorical';
  /** Numeric grid values, or category labels. */
  grid: (number | string)[];
  /** Mean prediction at each grid value (output `output`). */
  pd: number[];
  /** The first `iceRows` rows' curves. */
  ice: number[][];
  output: number;
}

/** Predictions (rows × width) of a table of input rows: recipe then model. */
export type PredictTable = (table: Table) => Promise<Float32Array>;

function numericGrid(values: Float64Array, size: number): number[] {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort();
  if (!sorted.length) return [];
  const lo = sortedQuantile(sorted, 0.05);
  const hi = sortedQuantile(sorted, 0.95);
  if (lo === hi) return [lo];
  return Array.from({ length: size }, (_, i) => lo + ((hi - lo) * i) / (size - 1));
}

/** The column with every block of `rows` rows set to one grid value. */
function gridColumn(column: Column, rows: number, grid: readonly (number | string)[]): Column {
  if ('codes' in column) {
    const codes = new Int32Array(rows * grid.length);
    grid.forEach((g, i) => codes.fill(column.dictionary.indexOf(g as string), i * rows, (i + 1) * rows));
    return { ...column, codes };
  }
  if (column.type === 'boolean') {
    const values = new Uint8Array(rows * grid.length);
    grid.forEach((g, i) => values.fill(g as number, i * rows, (i + 1) * rows));
    return { ...column, values };
  }
  const values = new Float64Array(rows * grid.length);
  grid.forEach((g, i) => values.fill(g as number, i * rows, (i + 1) * rows));
  return { ...column, values };
}

/**
 * PD and ICE of `columnName` over the rows of `sample` for output `output` of `width`. Numeric
 * columns use `gridSize` evenly spaced values from the 5th to the 95th percentile; categorical
 * ones their (at most `gridSize`) most frequent categories; booleans false and true.
 */
export async function partialDependence(
  predictTable: PredictTable,
  sample: Table,
  columnName: string,
  width: number,
  options: { gridSize?: number; iceRows?: number; output?: number } = {},
): Promise<PartialDependence> {
  const column = sample.columns.find((c) => c.name === columnName);
  if (!column) throw new Error(`The column "${columnName}" is not among the model's inputs.`);
  const size = options.gridSize ?? 20;
  const output = options.output ?? (width === 2 ? 1 : 0);
  const n = sample.rowCount;
  let grid: (number | string)[];
  let kind: PartialDependence['kind'] = 'numeric';
  if ('codes' in column) {
    kind = 'categorical';
    const counts = new Map<number, number>();
    for (const c of column.codes) if (c >= 0) counts.set(c, (counts.get(c) ?? 0) + 1);
    grid = [...counts.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, size)
      .map(([c]) => column.dictionary[c]!);
  } else if (column.type === 'boolean') {
    kind = 'categorical';
    grid = [0, 1];
  } else grid = numericGrid(column.values, size);
  const repeated = takeRows(
    sample,
    Int32Array.from({ length: n * grid.length }, (_, i) => i % n),
  );
  const table: Table = {
    rowCount: repeated.rowCount,
    columns: repeated.columns.map((c) => (c.name === columnName ? gridColumn(c, n, grid) : c)),
  };
  const pred = n && grid.length ? await predictTable(table) : new Float32Array(0);
  const pd = grid.map((_, g) => {
    let s = 0;
    for (let r = 0; r < n; r++) s += pred[(g * n + r) * width + output]!;
    return s / n;
  });
  const iceRows = Math.min(n, options.iceRows ?? 30);
  const ice = Array.from({ length: iceRows }, (_, r) =>
    grid.map((_, g) => pred[(g * n + r) * width + output]!),
  );
  return {
    column: columnName,
    kind,
    grid: column.type === 'boolean' ? ['false', 'true'] : grid,
    pd,
    ice,
    output,
  };
}
