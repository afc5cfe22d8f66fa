// Temporary: CPU profile of the page's main thread while previewing and importing the bench archive.
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from './common.mjs';
import { startServer } from './setup.mjs';
import { pageProbe } from './pageProbe.mjs';
const { server, url } = await startServer(false);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
try {
  const ctx = await browser.newContext();
  await ctx.addInitScript(pageProbe);
  const page = await ctx.newPage();
  await page.goto(url);
  await page.getByRole('button', { name: 'Import a project' }).click();
  await page.waitForTimeout(1000);
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
  await cdp.send('Profiler.start');
  const t0 = await page.evaluate(() => performance.now());
  await page.getByLabel('Archive file').setInputFiles('bench/out/share-1000000r.lwb.zip');
  await page.getByTestId('import-preview').waitFor({ timeout: 120000 });
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await page.getByLabel('Project', { exact: true }).locator('option:checked', { hasText: 'Share benchmark' }).waitFor({ state: 'attached', timeout: 120000 });
  const t1 = await page.evaluate(() => performance.now());
  const { profile } = await cdp.send('Profiler.stop');
  const tasks = await page.evaluate(() => window.__bench.longtasks);
  console.log('preview+import ms', Math.round(t1 - t0), 'long tasks', tasks.filter((t) => t.start >= t0).map((t) => [Math.round(t.start - t0), Math.round(t.duration)]));
  const self = new Map();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const dt = profile.timeDeltas;
  profile.samples.forEach((id, i) => {
    const n = byId.get(id);
    const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
  });
  console.log([...self].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${Math.round(v)} ms ${k}`).join('\n'));
} finally {
  await browser.close();
  server.kill();
}
