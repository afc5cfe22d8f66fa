// Seeded CSV for the ingest benchmark: 12 columns of the kinds analysts bring (integers,
// decimals, categories, ISO dates, booleans), about 5% of cells missing. The same parameters
// always give the same bytes, so the file is cached in bench/out/ by its parameters.
import { createWriteStream, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Bump when the generated content changes, so cached files of the old shape are not reused. */
const GENERATOR_VERSION = 1;
const MISSING_RATE = 0.05;

export const OUT_DIR = join(dirname(fileURLToPath(import.meta.url)), 'out');

const CITIES = [
  'Amsterdam',
  'Athens',
  'Barcelona',
  'Berlin',
  'Bern',
  'Bratislava',
  'Brussels',
  'Bucharest',
  'Budapest',
  'Copenhagen',
  'Dublin',
  'Edinburgh',
  'Florence',
  'Frankfurt',
  'Geneva',
  'Genoa',
  'Hamburg',
  'Helsinki',
  'Istanbul',
  'Kraków',
  'Lisbon',
  'Ljubljana',
  'London',
  'Lyon',
  'Madrid',
  'Marseille',
  'Milan',
  'Munich',
  'Naples',
  'Nice',
  'Oslo',
  'Paris',
  'Porto',
  'Prague',
  'Riga',
  'Rome',
  'Rotterdam',
  'Seville',
  'Sofia',
  'Stockholm',
  'Tallinn',
  'Turin',
  'Valencia',
  'Vienna',
  'Vilnius',
  'Warsaw',
  'Zagreb',
  'Zürich',
];
const PLANS = ['basic', 'plus', 'pro', 'enterprise'];
const SEGMENTS = ['A', 'B', 'C', 'D', 'E'];
const DAY_MS = 86_400_000;
const FIRST_DAY = Date.UTC(2015, 0, 1) / DAY_MS;
const DAYS = 3653;

export const HEADER = [
  'customer_id',
  'age',
  'income',
  'score',
  'visits',
  'city',
  'segment',
  'plan',
  'signup_date',
  'active',
  'temperature',
  'balance',
];

/** mulberry32: small, fast and good enough for test data; same seed, same stream. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal by Box–Muller. */
function normal(rand) {
  const u = 1 - rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

function isoDay(day) {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** One CSV row (without the line break) for row number `i`. */
function makeRow(i, rand) {
  const miss = () => rand() < MISSING_RATE;
  const f = [];
  f.push(String(100000 + i));
  f.push(miss() ? '' : String(18 + Math.floor(rand() * 73)));
  f.push(miss() ? '' : Math.max(0, Math.exp(10.6 + 0.5 * normal(rand))).toFixed(2));
  f.push(miss() ? '' : rand().toFixed(4));
  f.push(miss() ? '' : String(Math.floor(-Math.log(1 - rand()) * 6)));
  f.push(miss() ? '' : CITIES[Math.floor(rand() * rand() * CITIES.length)]);
  f.push(miss() ? '' : SEGMENTS[Math.floor(rand() * SEGMENTS.length)]);
  f.push(miss() ? '' : PLANS[Math.min(3, Math.floor(-Math.log(1 - rand()) * 1.2))]);
  f.push(miss() ? '' : isoDay(FIRST_DAY + Math.floor(rand() * DAYS)));
  f.push(miss() ? '' : rand() < 0.62 ? 'true' : 'false');
  f.push(miss() ? '' : (12 + 8 * normal(rand)).toFixed(1));
  f.push(miss() ? '' : (250 * normal(rand)).toFixed(2));
  return f.join(',');
}

/** Where the file for these parameters lives (its name is its cache key). */
export function csvPath(rows, seed) {
  return join(OUT_DIR, `ingest-${rows}r-${HEADER.length}c-seed${seed}-v${GENERATOR_VERSION}.csv`);
}

/**
 * Writes the CSV unless a complete one with the same parameters exists. The file is written
 * under a temporary name and renamed at the end, so an interrupted run never leaves a short
 * file that a later run would take for the cached one.
 */
export async function generateCsv({ rows, seed = 42, log = () => {} }) {
  const path = csvPath(rows, seed);
  if (existsSync(path)) return { path, bytes: statSync(path).size, cached: true, seconds: 0 };
  mkdirSync(OUT_DIR, { recursive: true });
  const started = performance.now();
  const partial = `${path}.partial`;
  const out = createWriteStream(partial);
  const rand = random(seed);
  out.write(`${HEADER.join(',')}\n`);
  const perWrite = 20_000;
  for (let start = 0; start < rows; start += perWrite) {
    const end = Math.min(rows, start + perWrite);
    const lines = new Array(end - start);
    for (let i = start; i < end; i++) lines[i - start] = makeRow(i, rand);
    if (!out.write(`${lines.join('\n')}\n`)) await once(out, 'drain');
    if (start % 500_000 === 0 && start > 0) log(`  generated ${start.toLocaleString('en')} rows`);
  }
  out.end();
  await once(out, 'finish');
  renameSync(partial, path);
  return { path, bytes: statSync(path).size, cached: false, seconds: (performance.now() - started) / 1000 };
}

// `node bench/generate.mjs [rows] [seed]` writes (or finds) the file and prints its path.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = Number(process.argv[2] ?? 1_000_000);
  const seed = Number(process.argv[3] ?? 42);
  const result = await generateCsv({ rows, seed, log: console.log });
  console.log(JSON.stringify(result));
}
