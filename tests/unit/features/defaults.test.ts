/** The default recipe on the penguins sample, and the leakage guard. */
import { describe, expect, it } from 'vitest';
import {
  defaultRecipe,
  fitTransform,
  leakageWarnings,
  matrixFromFeatures,
  toFeatureMatrix,
  validateRecipe,
} from '../../../src/core/features';
import type { ColumnProfileLike } from '../../../src/core/features';
import type { Table } from '../../../src/core/table/table';
import {
  categoricalFromStrings,
  cellText,
  columnLength,
  isMissing,
  takeRows,
} from '../../../src/core/table/table';
import { numericFromNumbers } from '../table/helpers';
import { penguins, table } from './helpers';
import { seededRandomForTests } from './random';

const data = penguins();
const schema = data.columns.map((c) => ({ name: c.name, type: c.type }));

function split(t: Table, seed: number): { train: Table; test: Table } {
  const random = seededRandomForTests(seed);
  const order = Array.from({ length: t.rowCount }, (_, i) => i).sort(() => random() - 0.5);
  const cut = Math.floor(t.rowCount * 0.7);
  return { train: takeRows(t, order.slice(0, cut)), test: takeRows(t, order.slice(cut)) };
}

function profile(t: Table): ColumnProfileLike[] {
  return t.columns.map((c) => {
    const seen = new Set<string>();
    let missing = 0;
    for (let i = 0; i < columnLength(c); i++) {
      if (isMissing(c, i)) missing++;
      else seen.add(cellText(c, i));
    }
    return { name: c.name, type: c.type, distinct: seen.size, missing };
  });
}

describe('defaultRecipe', () => {
  it('on penguins: impute and standardize numbers, one-hot categories, never the target', () => {
    const spec = defaultRecipe(schema, { target: 'Species', task: 'classification' });
    const numbers = ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)'];
    expect(spec.steps).toEqual([
      { kind: 'impute', columns: numbers, strategy: 'median' },
      { kind: 'scale', columns: numbers, method: 'standard' },
      { kind: 'oneHot', columns: ['Island', 'Sex'], topK: 20, other: true, missing: 'category' },
    ]);
    expect(validateRecipe(spec, schema, 'Species')).toEqual([]);
  });

  it('fit on the training split gives matrices without NaN for train and test', () => {
    const { train, test } = split(data, 5);
    const spec = defaultRecipe(schema, { target: 'Species', task: 'classification' });
    const { fitted, features: trained } = fitTransform(spec, train, {
      target: 'Species',
      task: 'classification',
    });
    const m = matrixFromFeatures(trained, fitted);
    expect(m.rows).toBe(train.rowCount);
    expect(Array.from(m.x).some(Number.isNaN)).toBe(false);
    // Standardized on the training split: mean 0 there (not on the test split).
    const col = m.names.indexOf('Body Mass (g)');
    let sum = 0;
    for (let i = 0; i < m.rows; i++) sum += m.x[i * m.cols + col]!;
    expect(Math.abs(sum / m.rows)).toBeLessThan(1e-6);
    const t = toFeatureMatrix(fitted, test);
    expect(t.cols).toBe(m.cols);
    expect(Array.from(t.x).some(Number.isNaN)).toBe(false);
    expect(m.names).toContain('Sex=(missing)');
  });

  it('drops identifiers, text and constants; date parts for dates; booleans by mode', () => {
    const s = [
      { name: 'CustomerID', type: 'integer' as const },
      { name: 'note', type: 'text' as const },
      { name: 'ref', type: 'identifier' as const },
      { name: 'plan', type: 'category' as const },
      { name: 'constant', type: 'number' as const },
      { name: 'joined', type: 'date' as const },
      { name: 'active', type: 'boolean' as const },
      { name: 'humid', type: 'integer' as const },
      { name: 'churn', type: 'boolean' as const },
    ];
    const p: ColumnProfileLike[] = s.map((c) => ({
      ...c,
      distinct: c.name === 'constant' ? 1 : c.name === 'plan' ? 3 : 100,
      missing: 0,
    }));
    const spec = defaultRecipe(s, { target: 'churn', task: 'classification', profile: p, rowCount: 100 });
    expect(spec.steps).toEqual([
      { kind: 'drop', columns: ['CustomerID', 'note', 'ref', 'constant'] },
      { kind: 'dateParts', columns: ['joined'] },
      {
        kind: 'impute',
        columns: ['humid', 'joined_year', 'joined_month', 'joined_dayOfWeek'],
        strategy: 'median',
      },
      {
        kind: 'scale',
        columns: ['humid', 'joined_year', 'joined_month', 'joined_dayOfWeek'],
        method: 'standard',
      },
      { kind: 'impute', columns: ['active'], strategy: 'mode' },
      { kind: 'oneHot', columns: ['plan'], topK: 20, other: true, missing: 'category' },
    ]);
    expect(validateRecipe(spec, s, 'churn')).toEqual([]);
  });

  it('with a profile, drops the near-unique category and keeps penguins columns', () => {
    const spec = defaultRecipe(schema, {
      target: 'Species',
      task: 'classification',
      profile: profile(data),
      rowCount: data.rowCount,
    });
    expect(spec.steps.find((s) => s.kind === 'drop')).toBeUndefined();
    const names = Array.from({ length: 200 }, (_, i) => `name${i}`);
    const t = table(
      categoricalFromStrings('name', names),
      numericFromNumbers(
        'y',
        names.map(() => 1),
      ),
    );
    const s2 = defaultRecipe(
      t.columns.map((c) => ({ name: c.name, type: c.type })),
      { target: 'y', task: 'regression', profile: profile(t), rowCount: 200 },
    );
    expect(s2.steps).toEqual([{ kind: 'drop', columns: ['name'] }]);
  });
});

describe('leakageWarnings', () => {
  it('finds nothing suspicious in the plain penguins data', () => {
    expect(leakageWarnings(data, 'Species', 'classification')).toEqual([]);
  });

  it('flags a copy of the target, a recoding of it and a numeric code for it, but not an id', () => {
    const species = data.columns.find((c) => c.name === 'Species')!;
    const labels = Array.from({ length: data.rowCount }, (_, i) => cellText(species, i));
    const code: Record<string, number> = { Adelie: 0, Chinstrap: 1, Gentoo: 2 };
    const leaky: Table = {
      rowCount: data.rowCount,
      columns: [
        ...data.columns,
        categoricalFromStrings('species_copy', labels),
        categoricalFromStrings(
          'species_short',
          labels.map((l) => l.slice(0, 3).toUpperCase()),
        ),
        numericFromNumbers(
          'species_code',
          labels.map((l) => code[l]!),
        ),
        numericFromNumbers(
          'row_id',
          labels.map((_, i) => i),
        ),
      ],
    };
    const found = leakageWarnings(leaky, 'Species', 'classification');
    expect(found.map((w) => w.column).sort()).toEqual(['species_code', 'species_copy', 'species_short']);
    expect(found.find((w) => w.column === 'species_copy')?.reason).toMatch(/exactly the same values/);
    expect(found.find((w) => w.column === 'species_short')?.reason).toMatch(/target under another name/);
    expect(found.find((w) => w.column === 'species_code')?.score).toBeGreaterThanOrEqual(0.98);
  });

  it('regression: a rescaled target is flagged, a noisy predictor is not', () => {
    const random = seededRandomForTests(4);
    const y = Array.from({ length: 300 }, () => random() * 100);
    const t = table(
      numericFromNumbers('y', y),
      numericFromNumbers(
        'y_in_cents',
        y.map((v) => v * 100 + 3),
      ),
      numericFromNumbers(
        'related',
        y.map((v) => v + random() * 60),
      ),
    );
    const found = leakageWarnings(t, 'y', 'regression');
    expect(found.map((w) => w.column)).toEqual(['y_in_cents']);
    expect(found[0]!.score).toBeCloseTo(1, 9);
  });
});
