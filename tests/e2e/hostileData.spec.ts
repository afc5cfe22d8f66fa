import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { createProject, openPhase } from './helpers';

// Issue 10: a file whose column names and values are markup and formulas goes through every
// phase. No element made from the data may be a link, a style or a script (Plotly reads HTML in
// the texts it draws; the page escapes them), and the report and CSV exports stay inert.
const LINK = '<a href="https://evil.example/">link</a>';
const BIG = '<span style="font-size:200px">big</span>';
const SCRIPT = '<script>window.__pwned=1</script>';
const IMG = '<img src=x onerror="window.__pwned=1">';
const FORMULA = '=HYPERLINK("https://evil.example")';

const quote = (s: string): string => `"${s.replaceAll('"', '""')}"`;

function hostileCsv(withTarget: boolean): string {
  const header = ['id', LINK, BIG, SCRIPT, '__proto__', FORMULA, ...(withTarget ? ['target'] : [])];
  const categories = [LINK, IMG, BIG];
  const formulas = ['=1+1', '+cmd', ' -2+3', '＝SUM(A1)', '@x'];
  const lines = [header.map(quote).join(',')];
  for (let i = 0; i < 80; i++) {
    const row = [
      String(i),
      String(i * 1.5 + (i % 7)),
      categories[i % 3]!,
      String((i * 7) % 13),
      i % 2 ? 'x' : 'y',
      formulas[i % formulas.length]!,
      ...(withTarget ? [i % 7 < 3 ? 'yes' : 'no'] : []),
    ];
    lines.push(row.map(quote).join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** Nothing the data holds became markup anywhere in the page (Plotly's SVG included). */
async function expectInert(page: Page, where: string): Promise<void> {
  const found = await page.evaluate(() => {
    const all = [...document.querySelectorAll('*')];
    const attr = (e: Element, name: string): string => e.getAttribute(name) ?? '';
    return {
      pwned: (window as unknown as { __pwned?: number }).__pwned ?? null,
      links: all
        .filter((e) => e.localName === 'a')
        .filter((a) => /evil/.test(attr(a, 'href') + attr(a, 'xlink:href')) || a.closest('svg'))
        .map((a) => a.outerHTML.slice(0, 120)),
      styled: all.filter((e) => /200px/.test(attr(e, 'style'))).map((e) => e.outerHTML.slice(0, 120)),
      scripts: [...document.querySelectorAll('script')]
        // The report's embedded data block is JSON, which no browser runs.
        .filter((s) => !s.src && s.type !== 'application/json')
        .map((s) => s.outerHTML.slice(0, 80)),
      images: all.filter((e) => attr(e, 'src') === 'x').length,
    };
  });
  expect(found, where).toEqual({ pwned: null, links: [], styled: [], scripts: [], images: 0 });
}

test('hostile column names and values stay text in every phase, the report and the exports', async ({
  page,
  context,
}) => {
  await page.goto('/?backend=cpu');
  await createProject(page, `Hostile ${IMG}`, `Goal ${LINK} ${SCRIPT}`);
  await openPhase(page, 'Data');
  await page.getByLabel('CSV file', { exact: true }).setInputFiles({
    name: 'hostile.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(hostileCsv(true)),
  });
  await expect(page.getByTestId('ingest-status')).toContainText(/stored/i);
  await expect(page.getByTestId('version-list')).toContainText('v1');
  await expectInert(page, 'Data');

  await openPhase(page, 'Framing & features');
  await page.getByLabel('Target column').selectOption('target');
  await expect(page.getByLabel('Task')).toHaveValue('classification');
  await expectInert(page, 'Framing');

  await openPhase(page, 'Explore');
  await expect(page.getByTestId('profile-table')).toContainText(LINK);
  await expectInert(page, 'Explore: columns');
  const views: [string, string][] = [
    ['Correlations', 'correlation-heatmap'],
    ['Scatter plot', 'scatter-plot'],
    ['Against the target', 'target-plot'],
    ['Rows', 'row-grid'],
  ];
  for (const [label, testId] of views) {
    await page.getByRole('group', { name: 'Explore views' }).getByRole('button', { name: label }).click();
    if (label === 'Scatter plot') {
      await page.getByLabel('X column').selectOption(LINK);
      await page.getByLabel('Y column').selectOption(SCRIPT);
      await page.getByLabel('Colour by').selectOption(BIG);
      // The markup is drawn as text: the axis title shows the characters themselves.
      await expect(page.getByTestId(testId).locator('.xtitle')).toHaveText(LINK);
      await expect(page.getByTestId(testId).locator('.legendtext').first()).toContainText('<');
    }
    if (label === 'Against the target') await page.getByLabel('Feature').selectOption(BIG);
    if (label !== 'Rows') await expect(page.getByTestId(testId).locator('.main-svg').first()).toBeVisible();
    else await expect(page.getByTestId(testId)).toContainText(IMG);
    await expectInert(page, `Explore: ${label}`);
  }
  await page
    .getByRole('group', { name: 'Explore views' })
    .getByRole('button', { name: 'Missing values' })
    .click();
  await expect(page.getByTestId('missing-summary')).toBeVisible();
  await expectInert(page, 'Explore: missing values');

  await openPhase(page, 'Train');
  await page.getByLabel('Model family').selectOption('linear');
  await page.getByRole('button', { name: 'Train model' }).click();
  await expect(page.getByTestId('train-status')).toHaveText(/finished/i, { timeout: 180_000 });
  await expectInert(page, 'Train');

  await openPhase(page, 'Experiments');
  await expectInert(page, 'Experiments');

  await openPhase(page, 'Evaluate');
  await expectInert(page, 'Evaluate');
  const [reportDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export report (HTML)' }).click(),
  ]);
  const report = readFileSync((await reportDownload.path())!, 'utf8');
  expect(report).toContain('http-equiv="Content-Security-Policy"');
  expect(report).not.toContain(LINK);
  expect(report).not.toContain(IMG);
  expect(report.match(/<script\b[^>]*>/g)).toEqual([expect.stringContaining('type="application/json"')]);
  // Opened in a browser, the report runs nothing and links nowhere.
  const reportPage = await context.newPage();
  await reportPage.setContent(report);
  await expect(reportPage.getByRole('heading', { level: 1 })).toContainText('Hostile <img');
  await expectInert(reportPage, 'the report');
  await reportPage.close();

  await openPhase(page, 'Deploy');
  await page.getByLabel('CSV file to score').setInputFiles({
    name: 'hostile-new.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(hostileCsv(false)),
  });
  await expect(page.getByTestId('score-status')).toContainText('80 rows scored');
  await expectInert(page, 'Deploy');
  const [predictions] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download predictions' }).click(),
  ]);
  const csv = readFileSync((await predictions.path())!, 'utf8').split('\r\n');
  // No field of the export starts with a formula sign, after any spaces, in ASCII or full width.
  const header = csv[0]!;
  expect(header).toContain(`"'${FORMULA.replaceAll('"', '""')}"`);
  for (const line of csv.slice(1, -1)) {
    for (const field of line.split(',')) expect(field, line).not.toMatch(/^"?[\s\u3000]*[=+\-@＝＋－＠]/);
  }
});
