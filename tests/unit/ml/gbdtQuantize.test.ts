import { describe, expect, it } from 'vitest';
import { boostLoss } from '../../../src/core/ml/models/gbdt/loss';
import { gradientsOnGrid, quantizeGradients, quantumFor } from '../../../src/core/ml/models/gbdt/quantize';
import { createRng } from '../../../src/core/ml/rng';
import { normal } from './synthetic';

describe('gradients on a fixed-point grid', () => {
  it('picks the power of two that puts the largest value at most 2^23 steps away', () => {
    expect(quantumFor(1)).toBe(2 ** -23);
    expect(quantumFor(0.25)).toBe(2 ** -25);
    expect(quantumFor(0.26)).toBe(2 ** -24);
    expect(quantumFor(3)).toBe(2 ** -21);
    expect(quantumFor(1e6)).toBe(2 ** (20 - 23));
    expect(quantumFor(0)).toBe(1);
    for (const max of [1e-9, 0.1, 7.5, 123456.789]) {
      const q = quantumFor(max);
      expect(max / q).toBeLessThanOrEqual(2 ** 23);
      expect(max / q).toBeGreaterThan(2 ** 22);
    }
  });

  it('makes sums exact: any order and any cut into parts give the same bits', () => {
    const rng = createRng(9);
    const n = 50_000;
    const gh = new Float32Array(2 * n);
    for (let i = 0; i < 2 * n; i++) gh[i] = normal(rng) * 10 ** Math.floor(rng() * 6 - 3);
    let max = 0;
    for (const v of gh) max = Math.max(max, Math.abs(v));
    const before = Float32Array.from(gh);
    quantizeGradients(gh, 0, n, quantumFor(max), quantumFor(max));
    // Rounding moves a value by at most half a step.
    for (let i = 0; i < 2 * n; i++)
      expect(Math.abs(gh[i]! - before[i]!)).toBeLessThanOrEqual(quantumFor(max) / 2);
    const forward = gh.reduce((a, b) => a + b, 0);
    const backward = gh.reduceRight((a, b) => a + b, 0);
    let halves = 0;
    let other = 0;
    for (let i = 0; i < n; i++) halves += gh[i]!;
    for (let i = n; i < 2 * n; i++) other += gh[i]!;
    expect(backward).toBe(forward);
    expect(other + halves).toBe(forward);
    // Without the grid the same sums differ in their last bits.
    expect(before.reduceRight((a, b) => a + b, 0)).not.toBe(before.reduce((a, b) => a + b, 0));
  });

  it('quantizes log-loss gradients in the same pass, with the grid its bounds give', () => {
    const loss = boostLoss('classification', 2);
    const n = 1000;
    const raw = Float64Array.from({ length: n }, (_, i) => Math.sin(i) * 4);
    const y = Float32Array.from({ length: n }, (_, i) => i % 2);
    const gh = new Float32Array(2 * n);
    expect(gradientsOnGrid(loss, raw, y, n, gh, 100, 600)).toBeNull();
    const exact = new Float32Array(2 * n);
    loss.gradients(raw, y, n, exact);
    for (let r = 0; r < n; r++) {
      const inside = r >= 100 && r < 600;
      expect(gh[2 * r]).toBe(inside ? Math.round(exact[2 * r]! * 2 ** 23) / 2 ** 23 : 0);
      expect(gh[2 * r + 1]).toBe(inside ? Math.round(exact[2 * r + 1]! * 2 ** 25) / 2 ** 25 : 0);
    }
    // Squared error has no bound: the caller gets each output's largest values to choose the grid.
    const ranges = gradientsOnGrid(boostLoss('regression', 1), raw, y, n, gh, 0, n);
    expect(ranges).toHaveLength(1);
    expect(ranges![0]!.h).toBe(1);
  });
});
