import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-web';
import type { Download, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { createProject, loadSample, openPhase } from './helpers';

// Deploy end to end on penguins: the production gate (a failing baseline needs a written reason,
// and the audit log shows it), a passing model promoted and exported (model file, score.mjs,
// ONNX), the same CSV scored by the workbench, by score.mjs in Node and by ONNX Runtime in Node,
// the model file imported into a fresh browser profile, and everything still there after a reload.

const dir = mkdtempSync(join(tmpdir(), 'deploy-e2e-'));

async function train(page: Page, family: string): Promise<void> {
  await openPhase(page, 'Train');
  await page.getByLabel('Model family').selectOption(family);
  await page.getByRole('button', { name: 'Train model' }).click();
  await expect(page.getByTestId('train-status')).toHaveText(/finished/i, { timeout: 120_000 });
}

async function save(download: Promise<Download>, name: string): Promise<string> {
  const d = await download;
  const path = join(dir, name);
  await d.saveAs(path);
  return path;
}

function row(page: Page, label: string) {
  return page.getByTestId('model-list').locator(`tr[data-model="${label}"]`);
}

function parseCsv(text: string): string[][] {
  // The penguins file and the predictions have no quoted fields.
  return text
    .trim()
    .split(/\r?\n/)
    .map((l) => l.split(','));
}

test('gates, promotes, exports, scores outside the app and imports into a fresh profile', async ({
  page,
  browser,
}) => {
  await page.goto('/?backend=cpu');
  await createProject(page, 'Penguin deploy', 'Tell the species apart for the field team.');
  await openPhase(page, 'Goal');
  await page.getByLabel('Metric').selectOption('accuracy');
  await page.getByLabel('Comparison').selectOption('>=');
  await page.getByLabel('Threshold').fill('0.9');
  await page.getByLabel('Judged on').selectOption('test');
  await page.getByRole('button', { name: 'Add KPI' }).click();
  await loadSample(page, 'penguins');
  await openPhase(page, 'Framing & features');
  await page.getByLabel('Target column').selectOption('Species');
  await train(page, 'baseline');
  await train(page, 'gbdt');

  // The baseline fails the gate: promoting it asks for a reason and changes nothing until then.
  await openPhase(page, 'Deploy');
  const baseline = row(page, 'Species baseline v1');
  await expect(baseline.getByTestId('model-verdict')).toHaveText('fails the gate');
  await baseline.getByRole('button', { name: 'Promote Species baseline v1 to production' }).click();
  await expect(page.getByTestId('gate-message')).toContainText('does not pass the production gate');
  await expect(baseline.getByTestId('model-stage')).toHaveText('candidate');
  const confirm = page.getByRole('button', {
    name: /Move Species baseline v1 to production with this reason/,
  });
  await expect(confirm).toBeDisabled();
  await page.getByTestId('promote-reason').fill('Field pilot: any model beats none this week.');
  await confirm.click();
  await expect(baseline.getByTestId('model-stage')).toHaveText('production');
  const log = page.getByTestId('audit-log');
  await expect(log).toContainText('Field pilot: any model beats none this week.');
  await expect(log).toContainText('candidate → production');

  // The boosted trees pass: staged, then promoted without a reason; the baseline is archived.
  const gbdt = row(page, 'Species gbdt v1');
  await expect(gbdt.getByTestId('model-verdict')).toHaveText('passes the gate');
  await gbdt.getByRole('button', { name: 'Stage Species gbdt v1' }).click();
  await expect(gbdt.getByTestId('model-stage')).toHaveText('staging');
  await gbdt.getByRole('button', { name: 'Promote Species gbdt v1 to production' }).click();
  await expect(gbdt.getByTestId('model-stage')).toHaveText('production');
  await expect(baseline.getByTestId('model-stage')).toHaveText('archived');
  await expect(log).toContainText('Replaced in production by Species gbdt v1');

  // Exports: the model file, the scorer and ONNX.
  const modelPromise = page.waitForEvent('download');
  await gbdt.getByRole('button', { name: 'Export model Species gbdt v1' }).click();
  const modelPath = await save(modelPromise, 'model.lwbmodel.json');
  expect(JSON.parse(readFileSync(modelPath, 'utf8'))).toMatchObject({
    format: 'lifecycle-workbench-model',
    formatVersion: 1,
    model: { name: 'Species gbdt', classes: ['Adelie', 'Chinstrap', 'Gentoo'] },
  });
  const scorerPromise = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download scorer (score.mjs)' }).click();
  const scorerPath = await save(scorerPromise, 'score.mjs');
  const onnxPromise = page.waitForEvent('download');
  await gbdt.getByRole('button', { name: 'Export ONNX Species gbdt v1' }).click();
  const onnxPath = await save(onnxPromise, 'model.onnx');

  // The workbench scores 30 unlabelled rows…
  const lines = readFileSync('public/samples/penguins.csv', 'utf8').trim().split(/\r?\n/);
  const unlabeled = lines
    .slice(0, 31)
    .map((l) => l.split(',').slice(1).join(','))
    .join('\n');
  const csvPath = join(dir, 'new.csv');
  writeFileSync(csvPath, unlabeled);
  await page.getByLabel('Model to score with').selectOption({ label: 'Species gbdt v1 (production)' });
  await page.getByLabel('CSV file to score').setInputFiles(csvPath);
  await expect(page.getByTestId('score-status')).toContainText('30 rows scored');
  const predictionsPromise = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download predictions' }).click();
  const workbench = parseCsv(readFileSync(await save(predictionsPromise, 'workbench.csv'), 'utf8'));

  // …score.mjs in Node gives the same file…
  const node = parseCsv(
    execFileSync(process.execPath, [scorerPath, modelPath, csvPath], { encoding: 'utf8' }),
  );
  expect(node[0]).toEqual(workbench[0]);
  expect(node).toHaveLength(31);
  const probAt = workbench[0]!.findIndex((h) => h.startsWith('probability_'));
  for (let r = 1; r < workbench.length; r++) {
    expect(node[r]!.slice(0, probAt)).toEqual(workbench[r]!.slice(0, probAt));
    for (let j = probAt; j < workbench[0]!.length; j++) {
      expect(Math.abs(Number(node[r]![j]) - Number(workbench[r]![j]))).toBeLessThanOrEqual(1e-6);
    }
  }

  // …and so does ONNX Runtime (probabilities to 1e-5, in the workbench's class order).
  ort.env.wasm.numThreads = 1;
  const session = await ort.InferenceSession.create(new Uint8Array(readFileSync(onnxPath)));
  const input = parseCsv(unlabeled);
  const header = input[0]!;
  const feeds: Record<string, ort.Tensor> = {};
  for (const name of session.inputNames) {
    const j = header.indexOf(name);
    const cells = input.slice(1).map((r) => r[j] ?? '');
    const numeric = cells.every((c) => c === '' || c === 'NA' || !Number.isNaN(Number(c)));
    feeds[name] = numeric
      ? new ort.Tensor(
          'float64',
          Float64Array.from(cells, (c) => (c === '' || c === 'NA' ? NaN : Number(c))),
          [cells.length, 1],
        )
      : new ort.Tensor('string', cells, [cells.length, 1]);
  }
  const out = await session.run(feeds);
  const probs = out.probabilities!.data as Float32Array;
  const k = workbench[0]!.length - probAt;
  for (let r = 1; r < workbench.length; r++) {
    for (let c = 0; c < k; c++) {
      expect(Math.abs(probs[(r - 1) * k + c]! - Number(workbench[r]![probAt + c]))).toBeLessThanOrEqual(1e-5);
    }
  }
  await session.release();

  // A fresh browser profile imports the model file as a model version of a new project.
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  const problems: string[] = [];
  other.on('pageerror', (e) => problems.push(e.message));
  other.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  await other.goto('/');
  await createProject(other, 'Field scoring', 'Score penguins with the model from the lab.');
  await openPhase(other, 'Deploy');
  await other.getByLabel('Import model file').setInputFiles(modelPath);
  const imported = row(other, 'Species gbdt v1');
  await expect(imported).toContainText('(imported)');
  await expect(imported.getByTestId('model-stage')).toHaveText('candidate');
  await expect(other.getByTestId('audit-log')).toContainText('import');
  // A changed file is refused and nothing is added.
  const tampered = join(dir, 'tampered.lwbmodel.json');
  writeFileSync(tampered, readFileSync(modelPath, 'utf8').replace('"Species gbdt"', '"Species gbdt 2"'));
  await other.getByLabel('Import model file').setInputFiles(tampered);
  await expect(other.getByText(/changed after it was exported/)).toBeVisible();
  await expect(other.getByTestId('model-list').locator('tr[data-model]')).toHaveCount(1);
  await other.reload();
  await openPhase(other, 'Deploy');
  await expect(row(other, 'Species gbdt v1')).toContainText('(imported)');
  expect(problems).toEqual([]);
  await fresh.close();

  // The first profile keeps its stages and audit log across a reload.
  await page.reload();
  await openPhase(page, 'Deploy');
  await expect(row(page, 'Species gbdt v1').getByTestId('model-stage')).toHaveText('production');
  await expect(row(page, 'Species baseline v1').getByTestId('model-stage')).toHaveText('archived');
  await expect(page.getByTestId('audit-log')).toContainText('Field pilot: any model beats none this week.');
});
