import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { createProject, openPhase } from './helpers';

// Issue 12's page goal for exports: exporting a large model (boosted trees: 300 trees of up to 31
// leaves, on 4,000 rows of 10 numeric features) as a model file and as ONNX leaves the page
// responsive. The files are written in the export worker; the page only starts the download.
// The main thread's longest task around each export is measured (PerformanceObserver 'longtask')
// and printed. Tracing is off: its snapshots cost main-thread time of their own.
test.use({ trace: 'off' });

/** 4,000 rows of 10 numbers and a yes/no target that takes many splits to learn. Deterministic. */
function syntheticCsv(): string {
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const lines = [[...Array.from({ length: 10 }, (_, i) => `x${i}`), 'y'].join(',')];
  for (let r = 0; r < 4000; r++) {
    const x = Array.from({ length: 10 }, () => next() * 4 - 2);
    const signal = x[0]! * x[1]! + Math.sin(3 * x[2]!) + x[3]! ** 2 - x[4]! + 0.5 * next();
    lines.push([...x.map((v) => v.toFixed(4)), signal > 0.8 ? 'yes' : 'no'].join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** Starts recording the main thread's longest task; the function returned reads it. */
async function watchLongTasks(page: Page): Promise<() => Promise<number>> {
  await page.evaluate(() => {
    const w = window as unknown as { longest: number };
    w.longest = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.longest = Math.max(w.longest, e.duration);
    }).observe({ type: 'longtask' });
  });
  return () => page.evaluate(() => (window as unknown as { longest: number }).longest);
}

test('exporting a large model as a file and as ONNX blocks the page for no long task', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('/?backend=cpu');
  await createProject(page, 'Large export', 'Export a large model.');
  await openPhase(page, 'Data');
  await page.getByLabel('CSV file', { exact: true }).setInputFiles({
    name: 'synthetic.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(syntheticCsv()),
  });
  await expect(page.getByTestId('ingest-status')).toContainText(/stored/i, { timeout: 60_000 });
  await openPhase(page, 'Framing & features');
  await page.getByLabel('Target column').selectOption('y');
  await openPhase(page, 'Train');
  await page.getByLabel('Model family').selectOption('gbdt');
  await page.getByLabel('Iterations').fill('300');
  await page.getByLabel('Max leaves').fill('31');
  await page.getByLabel('Early stopping').uncheck();
  await page.getByRole('button', { name: 'Train model' }).click();
  await expect(page.getByTestId('train-status')).toHaveText(/finished/i, { timeout: 240_000 });

  await openPhase(page, 'Deploy');
  const row = page.getByTestId('model-list').locator('tr[data-model="y gbdt v1"]');
  const exportModel = row.getByRole('button', { name: 'Export model y gbdt v1' });
  await expect(exportModel).toBeEnabled();

  let longest = await watchLongTasks(page);
  let started = Date.now();
  const modelDownload = page.waitForEvent('download');
  await exportModel.click();
  const modelFile = JSON.parse(readFileSync(await (await modelDownload).path(), 'utf8')) as {
    weights: { json: { forest: { lengths: { treeStart: number; feature: number } } } };
  };
  const modelMs = Date.now() - started;
  const longestModel = await longest();
  const { treeStart: trees, feature: nodes } = modelFile.weights.json.forest.lengths;
  expect(trees).toBe(300);
  expect(nodes).toBeGreaterThan(300 * 45);

  longest = await watchLongTasks(page);
  started = Date.now();
  const onnxDownload = page.waitForEvent('download');
  await row.getByRole('button', { name: 'Export ONNX y gbdt v1' }).click();
  const onnxBytes = readFileSync(await (await onnxDownload).path());
  const onnxMs = Date.now() - started;
  const longestOnnx = await longest();
  // An ONNX file holds a ModelProto: field 1 (ir_version) comes first, varint 8.
  expect([...onnxBytes.subarray(0, 2)]).toEqual([0x08, 0x08]);

  console.log(
    `export of ${trees} trees (${nodes} nodes): model file in ${modelMs} ms, longest page task ` +
      `${longestModel.toFixed(0)} ms; ONNX ${(onnxBytes.length / 2 ** 20).toFixed(1)} MiB in ${onnxMs} ms, ` +
      `longest page task ${longestOnnx.toFixed(0)} ms`,
  );
  // The goal is no task over 50 ms; the bound leaves room for a loaded 2-core machine, where the
  // click's own rendering can pass 50 ms. Measured here at load 11–12: with the files written on the
  // page (before), longest tasks of 112–332 ms; in the export worker, no long task at all.
  expect(Math.max(longestModel, longestOnnx)).toBeLessThan(100);
});
