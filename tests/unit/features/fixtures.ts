import type { RecipeSpec } from '../../../src/core/features';
import { seededRandomForTests } from './random';
import type { Column, Table } from '../../../src/core/table/table';
import { categoricalFromStrings } from '../../../src/core/table/table';
import { numericFromNumbers } from '../table/helpers';

const COLOURS = ['red', 'green', 'blue', 'amber', 'violet'];
const DAY = 86_400_000;

/**
 * A seeded mixed table: numbers with missing values and skew, a category with missing values,
 * a boolean, a date, an id and a target that depends on a, colour and flag.
 */
export function mixedTable(
  rows: number,
  seed: number,
  task: 'classification' | 'regression' = 'classification',
): Table {
  const random = seededRandomForTests(seed);
  const a: (number | null)[] = [];
  const b: (number | null)[] = [];
  const colour: (string | null)[] = [];
  const flag = new Uint8Array(rows);
  const when = new Float64Array(rows);
  const id: number[] = [];
  const y: (string | number)[] = [];
  for (let i = 0; i < rows; i++) {
    const av = random() < 0.1 ? null : random() * 10 - 2;
    const bv = random() < 0.05 ? null : Math.exp(random() * 4);
    const cv = random() < 0.1 ? null : COLOURS[Math.floor(random() * COLOURS.length)]!;
    flag[i] = random() < 0.05 ? 255 : random() < 0.5 ? 1 : 0;
    when[i] =
      random() < 0.05
        ? NaN
        : Date.UTC(2020, 0, 1) + Math.floor(random() * 900) * DAY + Math.floor(random() * 24) * 3_600_000;
    a.push(av);
    b.push(bv);
    colour.push(cv);
    id.push(1000 + i);
    const score = (av ?? 4) + (cv === 'red' ? 3 : 0) + (flag[i] === 1 ? 1 : 0) + random() * 2;
    y.push(task === 'classification' ? (score > 5 ? 'yes' : 'no') : score);
  }
  const columns: Column[] = [
    numericFromNumbers('a', a),
    numericFromNumbers('b', b),
    categoricalFromStrings('colour', colour),
    { name: 'flag', type: 'boolean', values: flag },
    { name: 'when', type: 'datetime', values: when },
    numericFromNumbers('id', id, 'integer'),
    task === 'classification'
      ? categoricalFromStrings('y', y as string[])
      : numericFromNumbers('y', y as number[]),
  ];
  return { rowCount: rows, columns };
}

/** A recipe using every step kind, valid on mixedTable. */
export const EVERY_STEP: RecipeSpec = {
  formatVersion: 1,
  steps: [
    { kind: 'formula', name: 'ratio', expression: 'a / (b + 1)' },
    { kind: 'drop', columns: ['id'] },
    { kind: 'impute', columns: ['a', 'b', 'ratio'], strategy: 'median', addIndicator: true },
    { kind: 'clipQuantiles', columns: ['a'], lower: 0.05, upper: 0.95 },
    { kind: 'power', columns: ['b'], method: 'log1p' },
    { kind: 'power', columns: ['ratio'], method: 'yeoJohnson' },
    { kind: 'interactions', columns: ['a', 'b'] },
    { kind: 'polynomial', columns: ['a', 'ratio'], degree: 2 },
    { kind: 'bin', columns: ['a_missing'], strategy: 'uniform', nBins: 2, output: 'ordinal' },
    { kind: 'scale', columns: ['a', 'b'], method: 'robust' },
    { kind: 'dateParts', columns: ['when'], cyclical: true },
    { kind: 'impute', columns: ['when_year', 'when_month_sin', 'when_month_cos'], strategy: 'mean' },
    {
      kind: 'impute',
      columns: ['when_dayOfWeek_sin', 'when_dayOfWeek_cos', 'when_hour_sin', 'when_hour_cos'],
      strategy: 'constant',
      value: 0,
    },
    { kind: 'impute', columns: ['flag'], strategy: 'mode' },
    { kind: 'oneHot', columns: ['colour'], topK: 3 },
  ],
};

/** Like EVERY_STEP, plus ordinal and target encoding of a second copy of colour. */
export const WITH_ENCODERS: RecipeSpec = {
  formatVersion: 1,
  steps: [
    { kind: 'formula', name: 'colour2', expression: 'colour' },
    { kind: 'formula', name: 'colour3', expression: 'colour' },
    ...EVERY_STEP.steps,
    { kind: 'ordinal', columns: ['colour2'] },
    { kind: 'targetEncode', columns: ['colour3'], folds: 5 },
  ],
};
