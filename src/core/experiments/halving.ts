/**
 * Successive halving (Jamieson & Talwalkar 2016; scikit-learn's HalvingRandomSearchCV): start
 * many trials on a small budget (epochs or boosting iterations), keep the best 1/η of them, give
 * those η times the budget, and repeat until the survivors train on the full budget. Poor
 * settings are stopped after a small fraction of the work. Each rung retrains from scratch, as
 * scikit-learn does, so every trial is an ordinary, reproducible training.
 */

export interface Rung {
  /** Epochs or iterations each trial of this rung trains for. */
  budget: number;
  /** Trials that run in this rung. */
  trials: number;
}

export interface HalvingOptions {
  minBudget: number;
  maxBudget: number;
  /** Keep 1/eta of the trials per rung; 3 is the usual choice. */
  eta: number;
}

/** What is wrong with the halving settings (empty when they work). */
export function halvingProblems({ minBudget, maxBudget, eta }: HalvingOptions): string[] {
  const p: string[] = [];
  if (!Number.isInteger(minBudget) || minBudget < 1) {
    p.push(`The smallest budget must be a whole number of at least 1 (got ${minBudget}).`);
  }
  if (!Number.isInteger(maxBudget) || maxBudget < minBudget) {
    p.push(`The full budget must be a whole number no smaller than the smallest (got ${maxBudget}).`);
  }
  if (!(Number.isInteger(eta) && eta >= 2))
    p.push(`The halving factor must be a whole number of at least 2 (got ${eta}).`);
  return p;
}

function floorLog(x: number, base: number): number {
  // The epsilon keeps exact powers (log3(9) = 1.9999…) from rounding down.
  return Math.floor(Math.log(x) / Math.log(base) + 1e-9);
}

/**
 * The rungs for `trials` trials: budgets grow by η up to exactly `maxBudget` in the last rung,
 * trial counts shrink by η. There are as many rungs as both the budget range and the number of
 * trials allow (at least one: with 1 trial, or min = max, it is a plain search at full budget).
 */
export function planHalving(trials: number, options: HalvingOptions): Rung[] {
  const problems = halvingProblems(options);
  if (problems.length) throw new Error(problems.join(' '));
  if (!(Number.isInteger(trials) && trials >= 1))
    throw new Error(`A search needs at least 1 trial (got ${trials}).`);
  const { minBudget, maxBudget, eta } = options;
  const count = 1 + Math.min(floorLog(maxBudget / minBudget, eta), floorLog(trials, eta));
  const rungs: Rung[] = [];
  for (let i = 0; i < count; i++) {
    rungs.push({
      budget: Math.max(1, Math.round(maxBudget / eta ** (count - 1 - i))),
      trials: Math.max(1, Math.floor(trials / eta ** i)),
    });
  }
  return rungs;
}

/** Total epochs or iterations a plan trains, to compare with running every trial at full budget. */
export function planCost(rungs: readonly Rung[]): number {
  return rungs.reduce((sum, r) => sum + r.budget * r.trials, 0);
}

/**
 * True when trial `a` ranks before trial `b` in `survivors`' order: a better score, or the same
 * score and an earlier trial. Keeping the best trial as they finish, in whatever order, with this
 * test ends on the trial `survivors` (and so `runSearch`) picks.
 */
export function ranksBefore(
  a: { number: number; score: number },
  b: { number: number; score: number },
  better: (a: number, b: number) => boolean,
): boolean {
  if (better(a.score, b.score)) return true;
  return !better(b.score, a.score) && a.number < b.number;
}

/**
 * The `keep` best items by score, best first. `better(a, b)` is true when a beats b; an item
 * without a finite score (a failed or cancelled trial) never survives. Ties keep the
 * input order, so the outcome does not depend on which worker finished first when the input is
 * in trial order.
 */
export function survivors<T>(
  scored: readonly { item: T; score: number | null }[],
  keep: number,
  better: (a: number, b: number) => boolean,
): T[] {
  const ok = (s: number | null): s is number => s !== null && Number.isFinite(s);
  return scored
    .map((s, index) => ({ ...s, index }))
    .filter((s) => ok(s.score))
    .sort((a, b) => (better(a.score!, b.score!) ? -1 : better(b.score!, a.score!) ? 1 : a.index - b.index))
    .slice(0, keep)
    .map((s) => s.item);
}
