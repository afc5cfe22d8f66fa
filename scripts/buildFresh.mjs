// When the production build is older than what it is made from. Shared by `npm start`
// (scripts/start.mjs) and the benchmarks (bench/common.mjs), so all three agree on "stale".
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));

/** The paths the production build is made from. */
const SOURCES = [
  'src',
  'workers',
  'public',
  'index.html',
  'vite.config.ts',
  'svelte.config.js',
  'package.json',
  'package-lock.json',
];

/** Newest modification time under the paths the production build is made from. */
export function newestSource() {
  let newest = 0;
  const walk = (path) => {
    if (!existsSync(path)) return;
    const s = statSync(path);
    if (s.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
    else newest = Math.max(newest, s.mtimeMs);
  };
  for (const p of SOURCES) walk(join(ROOT, p));
  return newest;
}

/** True when `dist` holds a build newer than every source. */
export function buildIsFresh(dist = 'dist') {
  const marker = join(ROOT, dist, 'index.html');
  return existsSync(marker) && statSync(marker).mtimeMs > newestSource();
}
