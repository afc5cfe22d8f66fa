import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from './common.mjs';
import { startSampler } from './procMemory.mjs';
import http from 'node:http';
import { mkdtempSync } from 'node:fs';
const server = http.createServer((q, r) => { r.setHeader('content-type', 'text/html'); r.end('<p>x</p>'); }).listen(4196);
const workerSrc = `
onmessage = async (e) => {
  const { mode, mb, file } = e.data;
  const byobRead = async (blob, o, n) => { const r = blob.slice(o, o + n).stream().getReader({ mode: 'byob' }); let target = new ArrayBuffer(n); let filled = 0; while (filled < n) { const { value, done } = await r.read(new Uint8Array(target, filled, n - filled)); if (done) break; target = value.buffer; filled += value.byteLength; } r.releaseLock(); return new Uint8Array(target, 0, filled); };
  let scratch = new ArrayBuffer(1600000);
  const byobReuse = async (blob, o, n) => { const r = blob.slice(o, o + n).stream().getReader({ mode: 'byob' }); let filled = 0; while (filled < n) { const { value, done } = await r.read(new Uint8Array(scratch, filled, n - filled)); if (value) scratch = value.buffer; if (done) break; filled += value.byteLength; } r.releaseLock(); return new Uint8Array(scratch, 0, filled); };
  if (mode === 'filereuse') { for (let rep = 0; rep < 4; rep++) for (let o = 0; o < file.size; o += 1500000) { const n = Math.min(1500000, file.size - o); const a = await byobReuse(file, o, n); if (a.byteLength !== n) throw new Error('short'); } postMessage(1); return; }
  if (mode === 'file') { const t0 = performance.now(); const parts = []; let short = 0; const h = []; for (let o = 0; o < file.size; o += 1500000) { const n = Math.min(1500000, file.size - o); const a = await byobRead(file, o, n); if (a.byteLength !== n) short++; h.push(new Uint8Array(await crypto.subtle.digest('SHA-256', a))); a.buffer.transfer(0); } const all = new Uint8Array(h.length * 32); h.forEach((x, i) => all.set(x, i * 32)); const d = new Uint8Array(await crypto.subtle.digest('SHA-256', all)); postMessage({ ms: performance.now() - t0, short, hash: Array.from(d, (b) => b.toString(16).padStart(2, '0')).join('') }); return; }
  const buf = new Uint8Array(1 << 20); for (let i = 0; i < buf.length; i++) buf[i] = Math.random() * 256;
  const t = performance.now();
  if (mode === 'digest') { for (let k = 0; k < mb; k++) await crypto.subtle.digest('SHA-256', buf); }
  if (mode === 'digest8') { for (let k = 0; k < mb; k += 8) await Promise.all(Array.from({length: 8}, (_, j) => crypto.subtle.digest('SHA-256', buf.subarray(j << 17, (j + 1) << 17)))); }
  if (mode === 'blob') { const b = new Blob([buf, buf, buf, buf, buf, buf, buf, buf]); for (let k = 0; k < mb; k++) { const o = (k % 7) << 20; const a = await b.slice(o, o + (1 << 20)).arrayBuffer(); a.transfer(0); } }
  if (mode === 'frs') { const b = new Blob([buf, buf, buf, buf, buf, buf, buf, buf]); const fr = new FileReaderSync(); for (let k = 0; k < mb; k++) { const o = (k % 7) << 20; const a = fr.readAsArrayBuffer(b.slice(o, o + (1 << 20))); a.transfer(0); } }
  if (mode === 'byob') { const b = new Blob([buf, buf, buf, buf, buf, buf, buf, buf]); let target = new ArrayBuffer(1 << 20); for (let k = 0; k < mb; k++) { const o = (k % 7) << 20; const r = b.slice(o, o + (1 << 20)).stream().getReader({ mode: 'byob' }); let filled = 0; while (filled < (1 << 20)) { const { value, done } = await r.read(new Uint8Array(target, filled, (1 << 20) - filled)); if (done) break; target = value.buffer; filled += value.byteLength; } r.releaseLock(); if (filled !== 1 << 20) throw new Error('short ' + filled); } }
  if (mode === 'stream') { const b = new Blob([buf, buf, buf, buf, buf, buf, buf, buf]); for (let k = 0; k < mb; k++) { const o = (k % 7) << 20; const r = b.slice(o, o + (1 << 20)).stream().getReader(); for (;;) { const { value, done } = await r.read(); if (done) break; value.buffer.transfer(0); } } }
  if (mode === 'byobnew') { const b = new Blob([buf, buf, buf, buf, buf, buf, buf, buf]); for (let k = 0; k < mb; k++) { const o = (k % 7) << 20; const a = await byobRead(b, o, 1 << 20); if (a.byteLength !== 1 << 20) throw new Error('short'); a.buffer.transfer(0); } }
  if (mode.startsWith('idb')) {
    const db = await new Promise((res, rej) => { const q = indexedDB.open('p', 1); q.onupgradeneeded = () => q.result.createObjectStore('s'); q.onsuccess = () => res(q.result); q.onerror = rej; });
    for (let k = 0; k < mb; k += 4) {
      const rows = []; for (let j = 0; j < 4; j++) { const b = buf.slice().buffer; rows.push({ k: k + j, data: b }); }
      await new Promise((res, rej) => { const tx = db.transaction('s', 'readwrite'); for (const r of rows) tx.objectStore('s').add(r, r.k); tx.oncomplete = res; tx.onerror = rej; });
      if (mode === 'idbfree') for (const r of rows) r.data.transfer(0);
      if (mode === 'idbdigest') for (const r of rows) { await crypto.subtle.digest('SHA-256', new Uint8Array(r.data, 0, 1000)); r.data.transfer(0); }
    }
  }
  postMessage(performance.now() - t);
};`;
const sampler = startSampler(process.pid, 100);
for (const mode of process.argv.slice(2)) {
  const ctx = await chromium.launchPersistentContext(mkdtempSync('/tmp/sh/prof-'), { executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  const page = ctx.pages()[0];
  await page.goto('http://localhost:4196/');
  await page.evaluate((src) => { window.w = new Worker(URL.createObjectURL(new Blob([src], { type: 'text/javascript' }))); }, workerSrc);
  await page.waitForTimeout(800);
  const idle = sampler.sample();
  sampler.mark(mode);
  if (mode.startsWith('file')) {
    await page.setContent('<input type=file id=f>');
    await page.evaluate((src) => { window.w = new Worker(URL.createObjectURL(new Blob([src], { type: 'text/javascript' }))); }, workerSrc);
    await page.setInputFiles('#f', 'bench/out/share-1000000r.lwb.zip');
  }
  const ms = await page.evaluate((c) => new Promise((res) => { w.onmessage = (e) => res(e.data); w.postMessage({ ...c, file: document.querySelector('#f')?.files[0] }); }), { mode, mb: 90 });
  if (mode === 'file') console.log(JSON.stringify(ms));
  const after = sampler.sample();
  const res = sampler.mark('x');
  console.log(mode, Math.round(ms), 'ms renderer after +', ((after.byRole.renderer - idle.byRole.renderer) / 1e6).toFixed(1), 'browser +', ((after.byRole.browser - idle.byRole.browser) / 1e6).toFixed(1));
  await ctx.close();
}
sampler.stop(); server.close();
