import { describe, expect, it } from 'vitest';
import { analyzeBatch, predictionDrift } from '../../../src/core/monitoring/batch';
import { batchAlert, DEFAULT_THRESHOLDS, thresholdsOf } from '../../../src/core/monitoring/alert';
import { buildReferenceProfile, REFERENCE_SAMPLE_MAX } from '../../../src/core/monitoring/profile';
import { createRng } from '../../../src/core/ml/rng';
import { categoricalFromStrings, type Table } from '../../../src/core/table/table';
import { numericFromNumbers } from '../table/helpers';

function normal(rng: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

function makeTable(n: number, shift: number, seed: number, weather = ['sun', 'rain', 'fog']): Table {
  const rng = createRng(seed);
  const temp = Array.from({ length: n }, (_, i) => (i % 50 === 0 ? null : 10 + shift + 5 * normal(rng)));
  const kind = Array.from({ length: n }, () => weather[Math.floor(rng() * weather.length)]!);
  return {
    rowCount: n,
    columns: [numericFromNumbers('temp', temp), categoricalFromStrings('weather', kind)],
  };
}

describe('reference profile', () => {
  const train = makeTable(8000, 0, 1);
  const profile = buildReferenceProfile(train, undefined, 7);
  it('keeps ranges, missing share, deciles and a sorted seeded sample', () => {
    const temp = profile.columns[0]!;
    expect(temp.kind).toBe('numeric');
    if (temp.kind !== 'numeric') return;
    expect(temp.missingShare).toBeCloseTo(160 / 8000, 12);
    expect(temp.sample.length).toBe(REFERENCE_SAMPLE_MAX);
    for (let i = 1; i < temp.sample.length; i++)
      expect(temp.sample[i]!).toBeGreaterThanOrEqual(temp.sample[i - 1]!);
    expect(temp.shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(temp.min).toBeLessThan(temp.edges[0]!);
    expect(
      Array.from(
        buildReferenceProfile(train, undefined, 7).columns[0]!.kind === 'numeric' ? temp.sample : [],
      ),
    ).toEqual(Array.from(temp.sample));
  });
  it('counts categories, most frequent first', () => {
    const w = profile.columns[1]!;
    if (w.kind !== 'categorical') throw new Error('categorical expected');
    expect(w.counts.reduce((a, b) => a + b, 0)).toBe(8000);
    expect(w.counts[0]!).toBeGreaterThanOrEqual(w.counts[1]!);
    expect(new Set(w.categories)).toEqual(new Set(['sun', 'rain', 'fog']));
  });

  it('finds no drift in a batch from the same population and large drift in a shifted one', () => {
    const same = analyzeBatch(profile, makeTable(3000, 0, 2));
    const shifted = analyzeBatch(profile, makeTable(3000, 4, 3, ['sun', 'sun', 'rain', 'snow']));
    expect(same.blocking).toEqual([]);
    expect(same.drift[0]!.psi).toBeLessThan(0.05);
    expect(same.drift[0]!.ks!.pValue).toBeGreaterThan(0.001);
    expect(shifted.drift[0]!.psi).toBeGreaterThan(0.25);
    expect(shifted.drift[0]!.ks!.pValue).toBeLessThan(1e-6);
    const weather = shifted.quality.find((q) => q.name === 'weather')!;
    expect(weather.unseen).toBeGreaterThan(0);
    expect(weather.unseenExamples).toEqual(['snow']);
    expect(shifted.drift[1]!.chiSquare!.pValue).toBeLessThan(1e-6);
    const temp = shifted.quality.find((q) => q.name === 'temp')!;
    expect(temp.outOfRange).toBeGreaterThan(0);
  });

  it('reports missing, extra and wrong-type columns and blocks on the first and last', () => {
    const batch: Table = {
      rowCount: 3,
      columns: [
        categoricalFromStrings('temp', ['warm', 'cold', 'hot']),
        numericFromNumbers('humidity', [1, 2, 3]),
        numericFromNumbers('label', [0, 1, 0]),
      ],
    };
    const r = analyzeBatch(profile, batch, { ignore: ['label'] });
    const by = Object.fromEntries(r.quality.map((q) => [q.name, q.status]));
    expect(by).toEqual({ temp: 'wrongType', weather: 'missing', humidity: 'extra' });
    expect(r.blocking).toEqual(['temp', 'weather']);
    expect(r.drift).toEqual([]);
  });

  it('reads a numeric column whose every value failed to convert as the wrong type', () => {
    const batch: Table = {
      rowCount: 2,
      columns: [numericFromNumbers('temp', [null, null]), categoricalFromStrings('weather', ['sun', 'fog'])],
    };
    expect(analyzeBatch(profile, batch, { failures: { temp: 2 } }).blocking).toEqual(['temp']);
    expect(analyzeBatch(profile, batch).blocking).toEqual([]);
  });
});

describe('prediction drift and alerts', () => {
  const labels = ['no', 'yes'];
  const profile = buildReferenceProfile(
    { rowCount: 0, columns: [] },
    {
      rows: 'validation',
      labels,
      codes: Int32Array.from({ length: 1000 }, (_, i) => (i % 4 === 0 ? 1 : 0)),
    },
  );
  it('compares predicted classes with the validation predictions', () => {
    const same = predictionDrift(profile, {
      labels,
      codes: Int32Array.from({ length: 400 }, (_, i) => (i % 4 === 0 ? 1 : 0)),
    });
    const moved = predictionDrift(profile, {
      labels,
      codes: Int32Array.from({ length: 400 }, (_, i) => (i % 4 === 0 ? 0 : 1)),
    });
    expect(same!.psi).toBeCloseTo(0, 12);
    expect(moved!.psi).toBeGreaterThan(0.25);
    expect(predictionDrift(profile, { values: new Float64Array(3) })).toBeUndefined();
  });
  it('raises watch and act by the goal’s thresholds and on a missed KPI', () => {
    const d = (psi: number) => ({ name: 'x', kind: 'numeric' as const, psi, jensenShannon: 0, count: 10 });
    expect(batchAlert([d(0.05)], undefined, [], DEFAULT_THRESHOLDS).level).toBe('ok');
    expect(batchAlert([d(0.12)], undefined, [], DEFAULT_THRESHOLDS).level).toBe('watch');
    expect(batchAlert([d(0.3)], undefined, [], DEFAULT_THRESHOLDS).reasons[0]).toContain(
      '"x": PSI 0.300 ≥ 0.25',
    );
    expect(
      batchAlert([d(0.3)], undefined, [], thresholdsOf({ monitoring: { psiWatch: 0.2, psiAct: 0.5 } })).level,
    ).toBe('watch');
    expect(thresholdsOf({ monitoring: { psiWatch: 0.5, psiAct: 0.2 } })).toEqual(DEFAULT_THRESHOLDS);
    const missed = batchAlert(
      [],
      undefined,
      [
        {
          kpi: { id: 'k', metric: 'accuracy', op: '>=', threshold: 0.9, split: 'test' },
          value: 0.8,
          verdict: 'fail',
          margin: -0.1,
        },
      ],
      DEFAULT_THRESHOLDS,
    );
    expect(missed.level).toBe('act');
    expect(missed.reasons[0]).toMatch(/KPI missed/);
  });
});
