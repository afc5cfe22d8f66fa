// Data for npm run bench:score: a seeded binary table of 10 features (8 numbers with some missing
// cells, 2 categories) — a training file and a file to score — written as CSV under bench/out.
// Kept apart from the runners so later benchmarks (monitoring, drift) can score the same files.
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { OUT_DIR } from './generate.mjs';

export const SCORE_HEADER = ['x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7', 'x8', 'region', 'plan', 'churned'];
export const SCORE_TARGET = 'churned';
const REGIONS = ['north', 'south', 'east', 'west', 'centre'];
const PLANS = ['basic', 'plus', 'pro'];

function lcg(seed) {
  let s = seed >>> 0 || 1;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** Writes `rows` rows (with the target unless `labelled` is false); returns the path. Cached by name. */
export async function scoreCsv({ rows, seed, labelled = true }) {
  mkdirSync(OUT_DIR, { recursive: true });
  const path = join(OUT_DIR, `score-${labelled ? 'train' : 'input'}-${rows}-${seed}.csv`);
  if (existsSync(path)) return path;
  const random = lcg(seed);
  const out = createWriteStream(path);
  const header = labelled ? SCORE_HEADER : SCORE_HEADER.slice(0, -1);
  const lines = [header.join(',')];
  for (let i = 0; i < rows; i++) {
    const x = Array.from({ length: 8 }, (_, j) => (random() * 4 - 2) * (j + 1));
    const region = REGIONS[Math.floor(random() * REGIONS.length)];
    const plan = PLANS[Math.floor(random() * PLANS.length)];
    const z =
      x[0] * 0.8 - x[1] * 0.3 + Math.sin(x[2]) + (plan === 'pro' ? 1 : 0) - (region === 'north' ? 0.7 : 0);
    const y = z + random() * 1.5 > 0.5 ? 'yes' : 'no';
    const cells = x.map((v, j) => (j === 3 && random() < 0.03 ? '' : v.toFixed(4)));
    lines.push([...cells, region, plan, ...(labelled ? [y] : [])].join(','));
    if (lines.length >= 10_000) {
      if (!out.write(lines.join('\n') + '\n')) await new Promise((r) => out.once('drain', r));
      lines.length = 0;
    }
  }
  out.write(lines.length ? lines.join('\n') + '\n' : '');
  await new Promise((r) => out.end(r));
  return path;
}
