/**
 * Drawing trials from a search space: random search (seeded; log-uniform where the range says
 * so) and grid search (every combination of a few points per range and every listed value).
 * Values are rounded to 3–4 significant digits: a leaderboard of 0.0123 reads better than
 * 0.012302817, and no model is that sensitive.
 */
import { createRng, randomInt, type Rng } from '../ml/rng';
import type { Assignment, ParamRange, ParamValue, SearchSpace } from './space';

/** Grids larger than this are refused: each point is a training. */
export const MAX_GRID = 500;

function round(v: number, digits: number): number {
  return v === 0 ? 0 : Number(v.toPrecision(digits));
}

function draw(range: ParamRange, rng: Rng): ParamValue {
  if (range.kind === 'choice') return range.values[randomInt(rng, range.values.length)]!;
  const { min, max, log } = range;
  const u = rng();
  if (range.kind === 'int') {
    if (log)
      return Math.min(max, Math.floor(Math.exp(Math.log(min) + u * (Math.log(max + 1) - Math.log(min)))));
    return min + randomInt(rng, max - min + 1);
  }
  return round(
    log ? Math.exp(Math.log(min) + u * (Math.log(max) - Math.log(min))) : min + u * (max - min),
    3,
  );
}

const keyOf = (a: Assignment) => JSON.stringify(Object.entries(a).sort(([x], [y]) => (x < y ? -1 : 1)));

/**
 * `n` trials drawn at random from the enabled parameters of `space`, seeded. Repeats are drawn
 * again (a few times) so small spaces do not train the same settings twice; when the space has
 * fewer distinct points than `n`, fewer trials come back.
 */
export function randomSample(space: SearchSpace, n: number, seed: number): Assignment[] {
  const rng = createRng(seed);
  const params = space.params.filter((p) => p.enabled);
  const seen = new Set<string>();
  const out: Assignment[] = [];
  for (let attempts = 0; out.length < n && attempts < n * 20; attempts++) {
    const a: Assignment = {};
    for (const p of params) a[p.name] = draw(p.range, rng);
    const key = keyOf(a);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(a);
  }
  return out;
}

/** `k` points across a numeric range (geometric on a log scale), distinct after rounding. */
export function gridPoints(range: ParamRange, k: number): ParamValue[] {
  if (range.kind === 'choice') return [...range.values];
  const { min, max, log } = range;
  if (k <= 1 || min === max) return [range.kind === 'int' ? Math.round(min) : round(min, 4)];
  const points: number[] = [];
  for (let i = 0; i < k; i++) {
    const t = i / (k - 1);
    const v = log ? Math.exp(Math.log(min) + t * (Math.log(max) - Math.log(min))) : min + t * (max - min);
    points.push(range.kind === 'int' ? Math.round(v) : round(v, 4));
  }
  return [...new Set(points)];
}

/** How many points gridSample would give. */
export function gridSize(space: SearchSpace, pointsPerRange: number): number {
  return space.params
    .filter((p) => p.enabled)
    .reduce((n, p) => n * gridPoints(p.range, pointsPerRange).length, 1);
}

/**
 * Every combination of `pointsPerRange` points per numeric range and every listed value, in a
 * fixed order (first parameter slowest). Throws, with the count, when there are more than MAX_GRID.
 */
export function gridSample(space: SearchSpace, pointsPerRange: number): Assignment[] {
  const params = space.params.filter((p) => p.enabled);
  const size = gridSize(space, pointsPerRange);
  if (size > MAX_GRID) {
    throw new Error(
      `The grid has ${size} points, more than the ${MAX_GRID} a search may train: use fewer points per range, ` +
        'fewer values or fewer settings, or random search.',
    );
  }
  let out: Assignment[] = [{}];
  for (const p of params) {
    const values = gridPoints(p.range, pointsPerRange);
    out = out.flatMap((a) => values.map((v) => ({ ...a, [p.name]: v })));
  }
  return out;
}
