// What the ingest benchmark needs around the browser: the production build, a preview server,
// the pandas reference run, and a note of the machine's state.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { newestSource, ROOT } from './common.mjs';
import { OUT_DIR } from './generate.mjs';

export { ROOT };
// BENCH_PORT: another port when several people benchmark on one machine.
export const PORT = Number(process.env.BENCH_PORT ?? 4182);
export const DIST = 'dist-b';
const PYTHON = '/usr/bin/python3';
const VITE = join(ROOT, 'node_modules/.bin/vite');

/**
 * Builds DIST unless a build of the same kind is newer than every source ('auto'), always
 * ('always') or never ('never'). A traced run builds unminified (function names in the profile
 * are then the source's); a stamp file tells the kinds apart so a normal run never measures an
 * unminified build.
 */
export function ensureBuild(mode, minify) {
  const marker = join(ROOT, DIST, 'index.html');
  const stamp = join(ROOT, DIST, 'bench-build.json');
  const kind = existsSync(stamp) ? JSON.parse(readFileSync(stamp, 'utf8')) : { minify: true };
  const fresh = existsSync(marker) && statSync(marker).mtimeMs > newestSource() && kind.minify === minify;
  if (mode === 'never' || (mode === 'auto' && fresh)) {
    if (!existsSync(marker)) throw new Error(`${DIST}/ has no build; run without --no-build.`);
    return;
  }
  console.log(`Building the production app${minify ? '' : ' (unminified, for tracing)'} into ${DIST}/ …`);
  const args = ['build', '--outDir', DIST, '--logLevel', 'warn', ...(minify ? [] : ['--minify', 'false'])];
  const r = spawnSync(VITE, args, { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('The production build failed (see above).');
  writeFileSync(stamp, JSON.stringify({ minify }));
}

/** vite preview of DIST on PORT; its output goes to a log file so it can outlive this script. */
export async function startServer(keep) {
  mkdirSync(OUT_DIR, { recursive: true });
  const log = join(OUT_DIR, 'vite-preview.log');
  const fd = openSync(log, 'w');
  const server = spawn(VITE, ['preview', '--port', String(PORT), '--strictPort', '--outDir', DIST], {
    cwd: ROOT,
    stdio: ['ignore', fd, fd],
    detached: keep,
  });
  closeSync(fd);
  if (keep) server.unref();
  const output = () => readFileSync(log, 'utf8');
  const url = `http://localhost:${PORT}/`;
  for (let i = 0; i < 100; i++) {
    if (server.exitCode !== null) throw new Error(`vite preview exited:\n${output()}`);
    try {
      if ((await fetch(url)).ok) return { server, url };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  server.kill();
  throw new Error(`vite preview did not answer on ${url}:\n${output()}`);
}

/** Why pandas cannot run here, or undefined when it can. */
export function pandasMissing() {
  if (!existsSync(PYTHON)) return `${PYTHON} is not installed`;
  if (spawnSync(PYTHON, ['-c', 'import pandas'], { stdio: 'ignore' }).status !== 0)
    return `pandas is not installed for ${PYTHON} (apt-get install python3-pandas)`;
  return undefined;
}

/** pandas read_csv + describe on `path` (see pandas_ingest.py), with its CPU seconds. */
export function runPandas(path) {
  const r = spawnSync(PYTHON, [join(ROOT, 'bench/pandas_ingest.py'), path], { encoding: 'utf8' });
  if (r.status !== 0) return { error: (r.stderr || r.stdout || 'pandas failed').trim().split('\n').at(-1) };
  return JSON.parse(r.stdout);
}

function git(...args) {
  return spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
}

/** The commit measured, how many source files differ from it, and the machine. */
export function environment() {
  const changed = git('status', '--porcelain', '--', 'src', 'workers').split('\n').filter(Boolean);
  return {
    git: { head: git('rev-parse', '--short', 'HEAD'), changedSourceFiles: changed.length },
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      memoryBytes: totalmem(),
      node: process.version,
    },
    loadAverageAtStart: loadavg(),
  };
}
