// node bench/stages.mjs [--rows N] [--seed S] [--repeat K] [--browser]
//
// Where ingest time goes, stage by stage: the core code the data worker runs (bundled from src/
// with rolldown, as Vite does) on the benchmark's CSV — parse + types, table hash, file hash,
// chunk encoding, and in the browser the IndexedDB write and read-back — then the profile. In
// Node by default; with --browser in a module worker of headless Chromium (the engine users
// have). Wall seconds and CPU seconds per stage: CPU (of the process in Node, of the worker
// thread in Chromium, from /proc) does not grow when other programs load the machine.
// For a CPU profile: node --cpu-prof bench/stages.mjs
import { openAsBlob, writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { build } from 'rolldown';
import { chromium } from 'playwright-core';
import { generateCsv, OUT_DIR } from './generate.mjs';
import { chromiumThreadCpu } from './procMemory.mjs';
import { printTraceSummary, summariseTrace, TRACE_CATEGORIES } from './traceSummary.mjs';
import { CHROMIUM } from './common.mjs';

const ROOT = join(OUT_DIR, '..', '..');
// BENCH_PORT: another port when several people benchmark on one machine.
const PORT = Number(process.env.BENCH_PORT ?? 4182);

function parseArgs(argv) {
  const opts = { rows: 1_000_000, seed: 42, repeat: 3, browser: false, trace: false };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i]?.replace(/^--/, '');
    if (key === 'browser' || key === 'trace') opts[key] = true;
    else if (key in opts) opts[key] = Number(String(argv[++i]).replaceAll(/[_,]/g, ''));
    else
      throw new Error(
        `Unknown option ${argv[i]}. Options: --rows N, --seed S, --repeat K, --browser, --trace (with --browser: V8 profile).`,
      );
  }
  return opts;
}

async function bundle(entry, file, platform) {
  await build({ input: join(ROOT, entry), output: { file, format: 'esm' }, platform, logLevel: 'warn' });
  return file;
}

/** Records CPU seconds per stage from a counter read before and after each one. */
function cpuRecorder(read) {
  const cpu = {};
  let before = 0;
  return {
    cpu,
    around(label, when) {
      if (when === 'before') before = read();
      else (cpu[label] ??= []).push(read() - before);
    },
  };
}

async function inNode(path, repeat) {
  const file = await bundle('bench/stagesEntry.ts', join(OUT_DIR, 'stages-node.mjs'), 'node');
  const core = await import(`${file}?t=${Date.now()}`);
  const recorder = cpuRecorder(() => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  });
  const times = await core.runStages(await openAsBlob(path), repeat, async (l, w) => recorder.around(l, w));
  return { times, cpu: recorder.cpu };
}

const PAGE = `<!doctype html><meta charset="utf-8"><title>stages</title>
<input type="file" aria-label="CSV file">
<script type="module">
  const worker = new Worker('/worker.mjs', { type: 'module' });
  worker.onmessage = async (ev) => {
    if (ev.data.around) {
      await window.around(ev.data.around.label, ev.data.around.when);
      worker.postMessage({ ack: true });
    } else window.__stages = ev.data;
  };
  worker.onerror = (ev) => (window.__stages = { error: ev.message });
  document.querySelector('input').onchange = (ev) =>
    worker.postMessage({ file: ev.target.files[0], repeat: Number(location.hash.slice(1)) });
</script>`;

async function inBrowser(path, repeat, trace) {
  const dir = join(OUT_DIR, 'stages-browser');
  mkdirSync(dir, { recursive: true });
  const worker = await bundle('bench/stagesWorker.ts', join(dir, 'worker.mjs'), 'browser');
  const server = createServer((req, res) => {
    const isWorker = req.url === '/worker.mjs';
    res.writeHead(200, { 'content-type': isWorker ? 'text/javascript' : 'text/html' });
    res.end(isWorker ? readFileSync(worker) : PAGE);
  });
  await new Promise((resolve) => server.listen(PORT, resolve));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless=new', '--no-sandbox', '--no-first-run', '--disable-background-networking'],
  });
  // The worker thread's CPU seconds (the only DedicatedWorker of this browser).
  const recorder = cpuRecorder(() =>
    Object.entries(chromiumThreadCpu(process.pid))
      .filter(([k]) => k.startsWith('renderer/DedicatedWorker'))
      .reduce((s, [, v]) => s + v, 0),
  );
  try {
    const page = await browser.newPage();
    await page.exposeFunction('around', (label, when) => recorder.around(label, when));
    await page.goto(`http://localhost:${PORT}/#${repeat}`);
    if (trace) await browser.startTracing(page, { categories: TRACE_CATEGORIES });
    await page.locator('input').setInputFiles(path);
    await page.waitForFunction(() => window.__stages, undefined, { timeout: 600_000, polling: 500 });
    const result = await page.evaluate(() => window.__stages);
    if (result.error) throw new Error(result.error);
    if (trace)
      printTraceSummary(summariseTrace(JSON.parse((await browser.stopTracing()).toString('utf8')), 40));
    return { times: result.times, cpu: recorder.cpu };
  } finally {
    await browser.close();
    server.close();
  }
}

const opts = parseArgs(process.argv.slice(2));
const csv = await generateCsv(opts);
const load = loadavg()[0];
const { times, cpu } = opts.browser
  ? await inBrowser(csv.path, opts.repeat, opts.trace)
  : await inNode(csv.path, opts.repeat);
const where = opts.browser ? `Chromium worker (${CHROMIUM})` : `Node ${process.version}`;
console.log(
  `${opts.rows.toLocaleString('en')} rows, ${(csv.bytes / 1e6).toFixed(1)} MB, ${where}, ` +
    `load ${load.toFixed(1)} → ${loadavg()[0].toFixed(1)}`,
);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(
  `  ${'stage'.padEnd(16)} ${'wall median'.padStart(12)} ${'wall best'.padStart(10)} ${'CPU median'.padStart(11)}`,
);
for (const [label, runs] of Object.entries(times)) {
  const c = cpu[label] ?? [];
  console.log(
    `  ${label.padEnd(16)} ${`${median(runs).toFixed(3)} s`.padStart(12)} ${`${Math.min(...runs).toFixed(3)} s`.padStart(10)} ${c.length ? `${median(c).toFixed(2)} s`.padStart(11) : ''}`,
  );
}
mkdirSync(OUT_DIR, { recursive: true });
writeFileSync(
  join(OUT_DIR, `stages-${opts.browser ? 'browser' : 'node'}-last.json`),
  JSON.stringify({ date: new Date().toISOString(), load, times, cpu }, null, 1),
);
