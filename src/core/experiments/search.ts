/**
 * The search loop, independent of where trials run: every trial of a rung is started at once
 * (the caller's worker pool decides how many train at a time), the rung's best go on to the next
 * rung with a larger budget, and the best trial of the last rung wins. The page plugs in its
 * worker pool; tests plug in a function.
 */
import { survivors, type Rung } from './halving';
import type { Assignment } from './space';

export interface Trial {
  /** 1-based, counting every training of the search in start order. */
  number: number;
  /** Index of the assignment (the point in the space) it trains. */
  point: number;
  assignment: Assignment;
  /** 0-based rung. */
  rung: number;
  budget: number;
  /** True in the last rung: its model may be the one registered. */
  final: boolean;
}

export interface ScoredTrial extends Trial {
  /** The primary metric on validation; null when the trial failed or was cancelled. */
  score: number | null;
}

export interface SearchOutcome {
  trials: ScoredTrial[];
  /** The best trial of the last rung that ran to the end, or null. */
  best: ScoredTrial | null;
  /** True when `shouldStop` ended the search before its last rung finished. */
  stopped: boolean;
}

export interface SearchLoop {
  points: readonly Assignment[];
  rungs: readonly Rung[];
  /** Trains one trial; resolves to its score (null or a rejection: the trial failed). */
  runTrial(trial: Trial): Promise<number | null>;
  better(a: number, b: number): boolean;
  shouldStop?(): boolean;
}

/**
 * Runs successive halving over `points`: rung 0 trains the first `rungs[0].trials` points on
 * `rungs[0].budget`; each next rung trains the best of the previous one on its budget. A plain
 * random or grid search is the one-rung case. A failed trial scores null and never survives.
 */
export async function runSearch(loop: SearchLoop): Promise<SearchOutcome> {
  const all: ScoredTrial[] = [];
  let alive = loop.points.slice(0, loop.rungs[0]?.trials ?? 0).map((_, i) => i);
  let last: ScoredTrial[] = [];
  let stopped = false;
  for (const [r, rung] of loop.rungs.entries()) {
    if (loop.shouldStop?.() || alive.length === 0) {
      stopped = loop.shouldStop?.() ?? false;
      break;
    }
    const final = r === loop.rungs.length - 1;
    const trials: Trial[] = alive.map((point, i) => ({
      number: all.length + i + 1,
      point,
      assignment: loop.points[point]!,
      rung: r,
      budget: rung.budget,
      final,
    }));
    const scores = await Promise.all(trials.map((t) => loop.runTrial(t).catch(() => null)));
    last = trials.map((t, i) => ({ ...t, score: scores[i] ?? null }));
    all.push(...last);
    if (loop.shouldStop?.()) {
      stopped = true;
      break;
    }
    const next = loop.rungs[r + 1];
    if (next) {
      alive = survivors(
        last.map((t) => ({ item: t.point, score: t.score })),
        next.trials,
        loop.better,
      );
    }
  }
  const finished = stopped ? [] : last.filter((t) => t.final);
  const [best] = survivors(
    finished.map((t) => ({ item: t, score: t.score })),
    1,
    loop.better,
  );
  return { trials: all, best: best ?? null, stopped };
}
