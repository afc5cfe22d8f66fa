// Automatic backend choice, checked where it runs: the train worker's startBackend('auto', shape)
// (workers/tfBackend.ts) called in a module worker of headless Chromium, served by Vite's dev
// server (bench/trainBackend.html + trainBackendWorker.ts), for the benchmark's shapes. Reports
// each choice and its reason, the time the choice took, and the tensor count around it.
// Run alone: node bench/trainBackend.mjs
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';
import { CHROMIUM, CHROMIUM_ARGS, ROOT } from './trainBrowser.mjs';

/** The benchmark table's shape after the default recipe, and a small and a wide model. */
async function cases(rows, cols) {
  const { runnerImport } = await import('vite');
  const { module } = await runnerImport(join(ROOT, 'src/core/ml/models/spec.ts'), {
    configFile: false,
    logLevel: 'error',
  });
  const spec = (family, n = rows) => module.defaultSpec(family, 'classification', n);
  const shape = { rows, cols, nClasses: 2 };
  return [
    { label: 'logistic, benchmark shape', spec: spec('linear'), ...shape },
    { label: 'logistic again (cached)', spec: spec('linear'), ...shape },
    { label: 'MLP, benchmark shape', spec: spec('mlp'), ...shape },
    {
      label: 'MLP 512-256, batch 1024',
      spec: { ...spec('mlp'), hiddenLayers: [512, 256], batchSize: 1024 },
      ...shape,
    },
    { label: 'MLP, penguins shape', spec: spec('mlp', 344), rows: 240, cols: 9, nClasses: 3 },
    { label: 'boosted trees', spec: spec('gbdt'), ...shape },
  ];
}

/** Serves the repository with Vite's dev server on `port` and runs the cases in Chromium. */
export async function probeBackendsInBrowser({ port, rows = 140_000, cols = 25 }) {
  const server = await createServer({
    root: ROOT,
    configFile: join(ROOT, 'vite.config.ts'),
    logLevel: 'error',
    server: { port, strictPort: true },
  });
  await server.listen();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  try {
    const page = await browser.newPage();
    const problems = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('worker', (w) => w.on('console', (m) => m.type() === 'error' && problems.push(m.text())));
    await page.goto(`http://localhost:${port}/bench/trainBackend.html`);
    await page.waitForFunction(() => typeof window.runProbe === 'function');
    const result = await page.evaluate((c) => window.runProbe(c), await cases(rows, cols));
    return { ...result, problems };
  } finally {
    await browser.close();
    await server.close();
  }
}

export function printBackendProbe(r) {
  console.log(
    '\nAutomatic backend choice in a Chromium worker (workers/tfBackend.ts, startBackend with a shape)',
  );
  if (r.error) console.log(`  FAILED: ${r.error}`);
  for (const o of r.out ?? []) {
    const leak =
      o.tensorsAfter === o.tensorsBefore ? '' : ` (tensors ${o.tensorsBefore} → ${o.tensorsAfter})`;
    console.log(`  ${o.label.padEnd(28)} ${o.backend.padEnd(6)} in ${o.ms.toFixed(0).padStart(4)} ms${leak}`);
    console.log(`    ${o.reason}`);
  }
  for (const p of r.problems ?? []) console.log(`  ! ${p}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  printBackendProbe(await probeBackendsInBrowser({ port: 4185 }));
}
