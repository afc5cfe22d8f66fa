import { describe, expect, it } from 'vitest';
import {
  planCost,
  planHalving,
  ranksBefore,
  runSearch,
  survivors,
  type Trial,
} from '../../../src/core/experiments';

const higher = (a: number, b: number) => a > b;

describe('successive halving plan', () => {
  it('grows budgets by eta up to the full budget and shrinks trials by eta', () => {
    expect(planHalving(27, { minBudget: 5, maxBudget: 135, eta: 3 })).toEqual([
      { budget: 5, trials: 27 },
      { budget: 15, trials: 9 },
      { budget: 45, trials: 3 },
      { budget: 135, trials: 1 },
    ]);
    // Fewer trials than the budget range allows: fewer rungs, still ending at the full budget.
    expect(planHalving(6, { minBudget: 10, maxBudget: 100, eta: 3 })).toEqual([
      { budget: 33, trials: 6 },
      { budget: 100, trials: 2 },
    ]);
    expect(planHalving(5, { minBudget: 50, maxBudget: 50, eta: 3 })).toEqual([{ budget: 50, trials: 5 }]);
  });

  it('costs a fraction of running every trial on the full budget', () => {
    const rungs = planHalving(27, { minBudget: 5, maxBudget: 135, eta: 3 });
    expect(planCost(rungs)).toBe(27 * 5 + 9 * 15 + 3 * 45 + 135);
    expect(planCost(rungs) / (27 * 135)).toBeLessThan(0.15);
  });

  it('refuses settings that cannot work', () => {
    expect(() => planHalving(9, { minBudget: 0, maxBudget: 10, eta: 1 })).toThrow(
      /smallest budget.*halving factor/,
    );
  });
});

describe('survivors', () => {
  it('keeps the best, never a failed trial, ties in input order', () => {
    const scored = [
      { item: 'a', score: 0.5 },
      { item: 'b', score: null },
      { item: 'c', score: 0.9 },
      { item: 'd', score: 0.5 },
      { item: 'e', score: NaN },
    ];
    expect(survivors(scored, 3, higher)).toEqual(['c', 'a', 'd']);
    expect(survivors(scored, 10, (a, b) => a < b)).toEqual(['a', 'd', 'c']);
  });
});

describe('the search loop', () => {
  // A trial's score rises with its budget towards its quality; point 4 is the best.
  const quality = [0.2, 0.5, 0.3, 0.6, 0.9, 0.1, 0.4, 0.7, 0.8];
  const points = quality.map((_, i) => ({ i }));
  const score = (t: Trial) => quality[t.point]! * (1 - 1 / (1 + t.budget));

  it('stops poor trials after the first rung and finds the best point', async () => {
    const ran: Trial[] = [];
    const rungs = planHalving(9, { minBudget: 2, maxBudget: 18, eta: 3 });
    const out = await runSearch({
      points,
      rungs,
      better: higher,
      runTrial: async (t) => (ran.push(t), score(t)),
    });
    expect(ran.map((t) => t.budget)).toEqual([2, 2, 2, 2, 2, 2, 2, 2, 2, 6, 6, 6, 18]);
    expect(ran.filter((t) => t.rung === 1).map((t) => t.point)).toEqual([4, 8, 7]);
    expect(out.best?.point).toBe(4);
    expect(out.best?.final).toBe(true);
    expect(out.trials.map((t) => t.number)).toEqual(ran.map((_, i) => i + 1));
    // The worst points never trained beyond the smallest budget.
    expect(ran.filter((t) => t.point === 5)).toHaveLength(1);
  });

  it('treats a failed trial as not surviving and keeps going', async () => {
    const out = await runSearch({
      points,
      rungs: [
        { budget: 5, trials: 9 },
        { budget: 10, trials: 2 },
      ],
      better: higher,
      runTrial: async (t) => {
        if (t.point === 4) throw new Error('The training worker stopped: out of memory.');
        return score(t);
      },
    });
    expect(out.trials.find((t) => t.point === 4)?.score).toBeNull();
    expect(out.best?.point).toBe(8);
  });

  it('starts no further rung once stopped and registers nothing', async () => {
    let stop = false;
    const out = await runSearch({
      points,
      rungs: [
        { budget: 5, trials: 9 },
        { budget: 10, trials: 3 },
      ],
      better: higher,
      shouldStop: () => stop,
      runTrial: async (t) => {
        stop = true;
        return score(t);
      },
    });
    expect(out.stopped).toBe(true);
    expect(out.trials.every((t) => t.rung === 0)).toBe(true);
    expect(out.best).toBeNull();
  });
});

describe('ranksBefore', () => {
  const higher = (a: number, b: number) => a > b;

  it('a better score first; on a tie, the earlier trial', () => {
    expect(ranksBefore({ number: 3, score: 0.9 }, { number: 1, score: 0.8 }, higher)).toBe(true);
    expect(ranksBefore({ number: 1, score: 0.8 }, { number: 3, score: 0.9 }, higher)).toBe(false);
    expect(ranksBefore({ number: 1, score: 1 }, { number: 2, score: 1 }, higher)).toBe(true);
    expect(ranksBefore({ number: 2, score: 1 }, { number: 1, score: 1 }, higher)).toBe(false);
  });

  it('keeping the best as trials finish, in any order, ends on the trial survivors picks', () => {
    // Many ties (scores from a short list), finishing in shuffled orders.
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 200; round++) {
      const trials = Array.from({ length: 2 + Math.floor(random() * 6) }, (_, i) => ({
        number: i + 1,
        score: [0.5, 0.9, 1][Math.floor(random() * 3)]!,
      }));
      const finishing = [...trials].sort(() => random() - 0.5);
      let kept: (typeof trials)[number] | null = null;
      for (const t of finishing) if (!kept || ranksBefore(t, kept, higher)) kept = t;
      const [best] = survivors(
        trials.map((t) => ({ item: t.number, score: t.score })),
        1,
        higher,
      );
      expect(kept!.number).toBe(best);
    }
  });
});
