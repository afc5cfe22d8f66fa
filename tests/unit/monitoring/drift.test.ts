import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  binShares,
  chiSquareTwoSample,
  decileEdges,
  jensenShannon,
  ksStatistic,
  psi,
} from '../../../src/core/monitoring/drift';

function readGolden<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../../fixtures/golden/${name}`, import.meta.url), 'utf8')) as T;
}

interface DriftGolden {
  reference: number[];
  current: number[];
  psi: { value: number; edges: number[] };
  ks: { statistic: number; pvalue: number };
  jensen_shannon_distance_deciles: number;
  categorical: {
    reference: string[];
    current: string[];
    chi2: number;
    pvalue: number;
    dof: number;
    jensen_shannon_distance: number;
  };
}
interface ExtraGolden {
  ks: { name: string; reference: number[]; current: number[]; statistic: number; pvalue: number }[];
  chi2_yates: { reference: number[]; current: number[]; chi2: number; pvalue: number; dof: number };
}
const golden = readGolden<DriftGolden>('drift.json');
const extra = readGolden<ExtraGolden>('drift_extra.json');

function sorted(values: number[]): Float64Array {
  return Float64Array.from(values).sort();
}

function counts(values: string[], categories: string[]): number[] {
  return categories.map((c) => values.filter((v) => v === c).length);
}

describe('numeric drift against the SciPy golden', () => {
  const ref = sorted(golden.reference);
  const edges = decileEdges(ref);
  it('puts the decile edges where numpy does', () => {
    golden.psi.edges.forEach((e, i) => expect(edges[i]).toBeCloseTo(e, 12));
  });
  it('gives PSI and the Jensen–Shannon distance of the decile shares', () => {
    const p = binShares(golden.reference, edges);
    const q = binShares(golden.current, edges);
    expect(psi(p, q)).toBeCloseTo(golden.psi.value, 12);
    expect(jensenShannon(p, q)).toBeCloseTo(golden.jensen_shannon_distance_deciles, 12);
    expect(psi(p, p)).toBe(0);
  });
  it('gives the KS statistic and exact p-value', () => {
    const r = ksStatistic(ref, golden.current);
    expect(r.method).toBe('exact');
    expect(r.statistic).toBeCloseTo(golden.ks.statistic, 12);
    expect(r.pValue / golden.ks.pvalue).toBeCloseTo(1, 8);
  });
  it('skips missing values in the batch', () => {
    const withNaN = [...golden.current, NaN, NaN];
    expect(ksStatistic(ref, withNaN).currentCount).toBe(golden.current.length);
    expect(psi(binShares(golden.reference, edges), binShares(withNaN, edges))).toBeCloseTo(
      golden.psi.value,
      12,
    );
  });
  it.each(extra.ks)('matches ks_2samp on $name', (c) => {
    const r = ksStatistic(sorted(c.reference), c.current);
    expect(r.statistic).toBeCloseTo(c.statistic, 12);
    if (r.method === 'exact') expect(r.pValue).toBeCloseTo(c.pvalue, 10);
    // The asymptotic branch approximates SciPy's kstwo.sf to about 1 %.
    else expect(Math.abs(r.pValue / c.pvalue - 1)).toBeLessThan(0.02);
  });
});

describe('categorical drift against the SciPy golden', () => {
  const cats = ['a', 'b', 'c'];
  const rc = counts(golden.categorical.reference, cats);
  const cc = counts(golden.categorical.current, cats);
  it('gives chi2_contingency on the 2 × k table', () => {
    const r = chiSquareTwoSample(rc, cc);
    expect(r.statistic).toBeCloseTo(golden.categorical.chi2, 10);
    expect(r.pValue / golden.categorical.pvalue).toBeCloseTo(1, 8);
    expect(r.dof).toBe(golden.categorical.dof);
  });
  it('gives the Jensen–Shannon distance of the category shares', () => {
    expect(jensenShannon(rc, cc)).toBeCloseTo(golden.categorical.jensen_shannon_distance, 12);
  });
  it('applies Yates’ correction with one degree of freedom, as SciPy', () => {
    const y = extra.chi2_yates;
    const r = chiSquareTwoSample(y.reference, y.current);
    expect(r.statistic).toBeCloseTo(y.chi2, 10);
    expect(r.pValue).toBeCloseTo(y.pvalue, 12);
    expect(r.dof).toBe(1);
  });
  it('drops categories empty on both sides and keeps ones only the batch has', () => {
    expect(chiSquareTwoSample([10, 0, 5], [10, 0, 5]).dof).toBe(1);
    expect(chiSquareTwoSample([10, 5, 0], [10, 5, 4]).dof).toBe(2);
  });
});
