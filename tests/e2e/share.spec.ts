import { readFileSync } from 'node:fs';
import type { Download, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { createProject, loadSample, openPhase } from './helpers';

/** Every record of every store of the workbench database, binary data as byte lists. */
async function dumpDatabase(page: Page): Promise<Record<string, unknown[]>> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('lifecycle-workbench');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const plain = (v: unknown): unknown => {
      if (ArrayBuffer.isView(v)) return Array.from(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
      if (v instanceof ArrayBuffer) return Array.from(new Uint8Array(v));
      if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
      if (Array.isArray(v)) return v.map(plain);
      if (v && typeof v === 'object') {
        const out: Record<string, unknown> = {};
        // Where a record came from and when it was last saved differ by design.
        for (const [k, x] of Object.entries(v))
          if (k !== 'importedFrom' && k !== 'updatedAt') out[k] = plain(x);
        return out;
      }
      return v;
    };
    const out: Record<string, unknown[]> = {};
    for (const name of Array.from(db.objectStoreNames)) {
      out[name] = await new Promise<unknown[]>((resolve, reject) => {
        const req = db.transaction(name).objectStore(name).getAll();
        req.onsuccess = () => resolve(req.result.map(plain));
        req.onerror = () => reject(req.error);
      });
    }
    db.close();
    return out;
  });
}

/** Files of the origin-private file system's `exports` folder, where an export writes its archive. */
function exportFiles(page: Page): Promise<[string, number][]> {
  return page.evaluate(async () => {
    const root = await navigator.storage.getDirectory();
    const dir = await root.getDirectoryHandle('exports');
    const out: [string, number][] = [];
    const entries = (
      dir as unknown as { entries(): AsyncIterable<[string, FileSystemFileHandle]> }
    ).entries();
    for await (const [name, handle] of entries) out.push([name, (await handle.getFile()).size]);
    return out;
  });
}

/** Notes left in the import journal (none once every import has committed or been cleaned up). */
function journalNotes(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const req = indexedDB.open('lifecycle-workbench-imports');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const db = req.result;
          const count = db.transaction('imports').objectStore('imports').count();
          count.onsuccess = () => {
            db.close();
            resolve(count.result);
          };
          count.onerror = () => reject(count.error);
        };
      }),
  );
}

function read(download: Download): Promise<string> {
  return download.path().then((p) => readFileSync(p, 'utf8'));
}

/** The report's embedded JSON document, without the moment it was generated. */
function reportDocument(html: string): unknown {
  const json = /<script type="application\/json"[^>]*>([\s\S]*?)<\/script>/.exec(html)?.[1];
  const doc = JSON.parse(json!.replace(/\\u003c/g, '<')) as Record<string, unknown>;
  delete doc['generatedAt'];
  return doc;
}

async function scoreAndReport(
  page: Page,
): Promise<{ predictions: string; report: unknown; accuracy: string }> {
  await openPhase(page, 'Evaluate');
  const accuracy = (await page.getByTestId('metric-test-accuracy').getAttribute('data-value'))!;
  const [report] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export report (HTML)' }).click(),
  ]);
  await openPhase(page, 'Deploy');
  await page.getByLabel('CSV file to score').setInputFiles('public/samples/penguins.csv');
  await expect(page.getByTestId('score-status')).toContainText('344 rows scored');
  const [predictions] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download predictions' }).click(),
  ]);
  return { predictions: await read(predictions), report: reportDocument(await read(report)), accuracy };
}

// A project built through the phases travels as one file to a fresh browser profile and comes
// back exactly: the same records in every table, the same recipe, metrics, predictions, report.
test('export a project and import it in a fresh browser profile', async ({ page, browser }) => {
  await page.goto('/');
  await createProject(page, 'Penguin share', 'Identify the species of a penguin from its measurements.');
  await loadSample(page, 'penguins');
  await openPhase(page, 'Prepare');
  await page.getByLabel('Keep rows where').fill("Sex = 'MALE' or Sex = 'FEMALE'");
  await expect(page.getByTestId('preview-summary')).toBeVisible();
  await page.getByRole('button', { name: 'Apply and save as a new version' }).click();
  await expect(page.getByTestId('applied-step')).toContainText('Saved as penguins v2');
  await openPhase(page, 'Framing & features');
  await page.getByLabel('Target column').selectOption('Species');
  await expect(page.getByTestId('recipe-steps')).toContainText(/standardize/i);
  const recipe = await page.getByTestId('recipe-steps').innerText();
  await openPhase(page, 'Train');
  await page.getByLabel('Model family').selectOption('linear');
  await page.getByRole('button', { name: 'Train model' }).click();
  await expect(page.getByTestId('train-status')).toHaveText(/finished/i, { timeout: 180_000 });
  const before = await scoreAndReport(page);

  await page.getByRole('button', { name: 'Share & storage' }).click();
  await expect(page.getByRole('radio', { name: /The whole project/ })).toBeChecked();
  const [archive] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export', exact: true }).click(),
  ]);
  expect(archive.suggestedFilename()).toBe('Penguin-share.lwb.zip');
  await expect(page.getByTestId('export-done')).toContainText('Penguin-share.lwb.zip');
  const archivePath = await archive.path();
  // The archive was written to a file of the origin-private file system, not gathered in memory.
  const written = await exportFiles(page);
  expect(written.map(([, size]) => size)).toEqual([readFileSync(archivePath).length]);
  const original = await dumpDatabase(page);
  // The same project without its data: models, recipes and runs only.
  await page.getByRole('radio', { name: /Without the data/ }).check();
  const [modelsOnly] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export', exact: true }).click(),
  ]);
  expect(modelsOnly.suggestedFilename()).toBe('Penguin-share-without-data.lwb.zip');
  const modelsOnlyPath = await modelsOnly.path();
  // The next export replaced the earlier file.
  expect((await exportFiles(page)).map(([, size]) => size)).toEqual([readFileSync(modelsOnlyPath).length]);

  // A new context is a new profile: empty IndexedDB, nothing shared with the first.
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  const problems: string[] = [];
  other.on('pageerror', (e) => problems.push(e.message));
  other.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  await other.goto('/');
  await other.getByRole('button', { name: 'Import a project' }).click();
  // A truncated archive is refused with a reason, and nothing is imported.
  const bytes = readFileSync(archivePath);
  await other.getByLabel('Archive file').setInputFiles({
    name: 'cut.lwb.zip',
    mimeType: 'application/zip',
    buffer: bytes.subarray(0, bytes.length - 200),
  });
  await expect(other.getByRole('alert')).toContainText('not a readable project archive');
  await other.getByLabel('Archive file').setInputFiles(archivePath);
  const preview = other.getByTestId('import-preview');
  await expect(preview).toContainText('Penguin share');
  await expect(preview.getByRole('row')).toHaveCount(1 + 2 + 1 + 1); // two versions, one model, headers
  await other.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(other.getByLabel('Project', { exact: true }).locator('option:checked')).toHaveText(
    'Penguin share',
  );

  // Every record of every table is the same (ids, hashes, chunks, weights, runs, metrics); the
  // import's staged rows are the project's now, and its journal note is gone.
  expect(await journalNotes(other)).toBe(0);
  const imported = await dumpDatabase(other);
  expect(Object.keys(imported).sort()).toEqual(Object.keys(original).sort());
  for (const table of Object.keys(original)) {
    if (table !== 'auditLog') expect(imported[table], table).toEqual(original[table]);
  }
  // The audit log carries over, then says where the model version came from.
  const log = imported['auditLog'] as { seq: number; action: string; reason?: string }[];
  const kept = original['auditLog'] as unknown[];
  expect(log.slice(0, kept.length)).toEqual(kept);
  expect(log.slice(kept.length).map((e) => [e.action, e.reason])).toEqual([
    ['import', expect.stringMatching(/^Imported from ".+", exported \d{4}-.* by workbench \S+\.$/)],
  ]);

  await openPhase(other, 'Data');
  await expect(other.getByTestId('version-hash')).toHaveText(
    (original['datasetVersions'] as { hash: string }[]).map((v) => v.hash),
  );
  await openPhase(other, 'Framing & features');
  await expect(other.getByTestId('recipe-steps')).toHaveText(recipe);
  const after = await scoreAndReport(other);
  expect(after.accuracy).toBe(before.accuracy);
  expect(after.predictions).toBe(before.predictions);
  expect(after.report).toEqual(before.report);

  // Imported again: the user can make a copy; the original stays.
  await other.getByRole('button', { name: 'Share & storage' }).click();
  await other.getByRole('tab', { name: 'Import project' }).click();
  await other.getByLabel('Archive file').setInputFiles(archivePath);
  await expect(other.getByTestId('import-preview')).toContainText('already here');
  await other.getByLabel('Name of the copy').fill('Penguin share (class copy)');
  await other.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(other.getByLabel('Project', { exact: true }).locator('option:checked')).toHaveText(
    'Penguin share (class copy)',
  );
  await expect(other.getByTestId('import-done')).toContainText('as a copy');
  await other.getByRole('tab', { name: 'Storage' }).click();
  await expect(other.getByTestId('storage-table').getByRole('row')).toHaveCount(3);
  await other.getByRole('button', { name: 'Delete project Penguin share (class copy)' }).click();
  await other.getByRole('button', { name: 'Delete “Penguin share (class copy)”' }).click();
  await expect(other.getByTestId('storage-table').getByRole('row')).toHaveCount(2);
  const afterDelete = await dumpDatabase(other);
  // Deleting the copy leaves exactly what the first import wrote.
  for (const table of Object.keys(imported)) expect(afterDelete[table], table).toEqual(imported[table]);

  // Without the data: a copy with the model, no dataset versions, and the model still scores.
  await other.getByRole('tab', { name: 'Import project' }).click();
  await other.getByLabel('Archive file').setInputFiles(modelsOnlyPath);
  await expect(other.getByTestId('import-preview')).not.toContainText('Dataset versions');
  await other.getByLabel('Name of the copy').fill('Models only');
  await other.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(other.getByLabel('Project', { exact: true }).locator('option:checked')).toHaveText(
    'Models only',
  );
  await other.getByRole('button', { name: 'Close' }).click();
  await openPhase(other, 'Deploy');
  await other.getByLabel('CSV file to score').setInputFiles('public/samples/penguins.csv');
  await expect(other.getByTestId('score-status')).toContainText('344 rows scored');
  const [modelsOnlyPredictions] = await Promise.all([
    other.waitForEvent('download'),
    other.getByRole('button', { name: 'Download predictions' }).click(),
  ]);
  expect(await read(modelsOnlyPredictions)).toBe(before.predictions);
  expect(problems).toEqual([]);
  await fresh.close();
});
