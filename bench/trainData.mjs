// Seeded synthetic binary-classification table for the training benchmark: 10 features of the
// kinds a churn or credit table holds (numbers, skewed amounts, counts, categories) with missing
// cells, and a target drawn from a logistic model with non-linear terms and interactions, so the
// families separate: trees and the MLP can beat the linear model, and all of them beat chance.
// The same parameters always give the same bytes; the file is cached in bench/out/.
import { createWriteStream, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { OUT_DIR } from './generate.mjs';

/** Bump when the generated content changes, so cached files of the old shape are not reused. */
const GENERATOR_VERSION = 1;

export const TARGET = 'churned';
export const FEATURES = [
  'tenure_months',
  'monthly_spend',
  'balance',
  'support_calls',
  'satisfaction',
  'usage_trend',
  'noise',
  'region',
  'plan',
  'channel',
];
const REGIONS = ['north', 'south', 'east', 'west', 'central', 'islands', 'capital', 'rural'];
const REGION_EFFECT = [0.2, -0.1, 0.35, -0.3, 0, 0.6, -0.45, 0.15];
const PLANS = ['basic', 'plus', 'pro', 'family', 'student'];
const PLAN_EFFECT = [0.5, 0.1, -0.4, -0.2, 0.3];
const CHANNELS = ['web', 'store', 'phone'];

/** mulberry32: small, fast, and the same in every engine. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(u) {
  return () => {
    const a = Math.max(u(), 1e-12);
    return Math.sqrt(-2 * Math.log(a)) * Math.cos(2 * Math.PI * u());
  };
}

/** One row of values (null is a missing cell) and its target. */
function makeRow(u, n) {
  const tenure = Math.floor(u() * 72);
  const spend = 20 + 80 * u() + 10 * n();
  const balance = Math.exp(7 + 1.2 * n());
  const calls = Math.floor(-Math.log(Math.max(u(), 1e-12)) * 1.5);
  const satisfaction = n();
  const trend = 2 * u() - 1;
  const noise = n();
  const region = Math.floor(u() * REGIONS.length);
  const plan = Math.floor(u() * PLANS.length);
  const channel = Math.floor(u() * CHANNELS.length);
  const logit =
    -0.4 -
    1.1 * Math.tanh((tenure - 24) / 12) +
    0.025 * (spend - 60) +
    0.35 * (Math.log(balance) - 7) ** 2 -
    0.6 +
    0.45 * Math.min(calls, 6) -
    0.9 * satisfaction +
    1.2 * Math.sin(3 * trend) +
    0.8 * satisfaction * trend +
    (calls >= 3 && satisfaction < 0 ? 0.9 : 0) +
    REGION_EFFECT[region] +
    PLAN_EFFECT[plan] +
    (channel === 2 && plan === 0 ? 0.7 : 0);
  const y = u() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
  // Missing cells: some at random, some more often for churners (as when a field goes unfilled).
  const miss = (rate) => u() < rate;
  return {
    values: [
      tenure,
      miss(0.03) ? null : spend.toFixed(2),
      miss(0.08) ? null : balance.toFixed(2),
      calls,
      miss(y ? 0.12 : 0.04) ? null : satisfaction.toFixed(4),
      miss(0.05) ? null : trend.toFixed(4),
      noise.toFixed(4),
      miss(0.04) ? null : REGIONS[region],
      PLANS[plan],
      miss(0.02) ? null : CHANNELS[channel],
    ],
    y,
  };
}

export function trainCsvPath(rows, seed) {
  return join(OUT_DIR, `train-${rows}r-10f-seed${seed}-v${GENERATOR_VERSION}.csv`);
}

/** Writes (or reuses) the CSV; resolves to { path, bytes, cached, positives }. */
export async function generateTrainCsv({ rows, seed }) {
  const path = trainCsvPath(rows, seed);
  if (existsSync(path)) return { path, bytes: statSync(path).size, cached: true };
  mkdirSync(OUT_DIR, { recursive: true });
  const tmp = `${path}.part`;
  const out = createWriteStream(tmp);
  const u = rng(seed);
  const n = normal(u);
  out.write(`${[...FEATURES, TARGET].join(',')}\n`);
  let buffer = '';
  let positives = 0;
  for (let r = 0; r < rows; r++) {
    const { values, y } = makeRow(u, n);
    positives += y;
    buffer += `${values.map((v) => (v === null ? '' : v)).join(',')},${y ? 'yes' : 'no'}\n`;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
  renameSync(tmp, path);
  return { path, bytes: statSync(path).size, cached: false, positives };
}
