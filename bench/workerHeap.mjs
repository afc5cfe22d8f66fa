// The V8 heap of a page's dedicated workers over time, read through the DevTools protocol
// (Runtime.getHeapUsage on each worker target): the JS heap (used / total), Blink's objects
// (embedder heap) and ArrayBuffer backing stores (external memory, what typed arrays and
// buffers hold). /proc tells how much the renderer process holds; this tells which part of it is
// a worker's, and whether it is live data or garbage awaiting a collection (`--gc-probe`
// collects every so often to show the difference; a diagnostic, it changes what it measures).
//
// It speaks to the browser's DevTools endpoint over its own WebSocket (the browser must be
// started with --remote-debugging-port): a second Playwright connection (connectOverCDP) would
// reset the first one's download handling.
import { createRequire } from 'node:module';

const { ws: WebSocket } = createRequire(import.meta.url)('playwright-core/lib/utilsBundle');
const MB = 1e6;

/** A minimal DevTools client: `send(method, params, sessionId)` → result. */
async function connect(endpoint) {
  const socket = new WebSocket(endpoint, { perMessageDeflate: false });
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  const pending = new Map();
  let id = 0;
  socket.on('message', (data) => {
    const m = JSON.parse(String(data));
    const done = m.id !== undefined ? pending.get(m.id) : undefined;
    if (done) {
      pending.delete(m.id);
      done(m);
    }
  });
  return {
    send(method, params = {}, sessionId) {
      return new Promise((resolve) => {
        const i = ++id;
        pending.set(i, (m) => resolve(m.result ?? {}));
        socket.send(JSON.stringify({ id: i, method, params, ...(sessionId ? { sessionId } : {}) }));
      });
    },
    close: () => socket.close(),
  };
}

/**
 * Polls every worker target whose URL contains `urlPart` every `everyMs`, through the browser's
 * DevTools WebSocket `endpoint`. `stop()` returns { timeline: [[ms, usedMB, totalMB,
 * embedderMB, backingMB], …], peaks: {…} }, ms measured from `t0` (performance.now() here).
 */
export async function watchWorkerHeap(
  endpoint,
  urlPart,
  { everyMs = 100, t0 = performance.now(), gcEveryMs = 0 } = {},
) {
  const cdp = await connect(endpoint);
  const sessions = new Map(); // targetId → sessionId
  const send = (sessionId, method, params) => cdp.send(method, params, sessionId);
  const timeline = [];
  const peaks = { used: 0, total: 0, embedder: 0, backing: 0, sum: 0 };
  let lastGc = performance.now();
  let gcs = 0;
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      const { targetInfos = [] } = await cdp.send('Target.getTargets', { filter: [{ type: 'worker' }] });
      for (const t of targetInfos) {
        if (t.type !== 'worker' || !t.url.includes(urlPart) || sessions.has(t.targetId)) continue;
        const { sessionId } = await cdp.send('Target.attachToTarget', {
          targetId: t.targetId,
          flatten: true,
        });
        sessions.set(t.targetId, sessionId);
      }
      const alive = new Set(targetInfos.map((t) => t.targetId));
      let used = 0;
      let total = 0;
      let embedder = 0;
      let backing = 0;
      for (const [targetId, sessionId] of sessions) {
        if (!alive.has(targetId)) continue;
        if (gcEveryMs && performance.now() - lastGc > gcEveryMs) {
          await send(sessionId, 'HeapProfiler.collectGarbage');
          lastGc = performance.now();
          gcs++;
        }
        const r = await send(sessionId, 'Runtime.getHeapUsage');
        if (r.usedSize === undefined) continue;
        used += r.usedSize;
        total += r.totalSize;
        embedder += r.embedderHeapUsedSize ?? 0;
        backing += r.backingStorageSize ?? 0;
      }
      if (sessions.size) {
        const row = [
          Math.round(performance.now() - t0),
          used / MB,
          total / MB,
          embedder / MB,
          backing / MB,
        ].map((v, k) => (k === 0 ? v : Math.round(v * 10) / 10));
        timeline.push(row);
        peaks.used = Math.max(peaks.used, used / MB);
        peaks.total = Math.max(peaks.total, total / MB);
        peaks.embedder = Math.max(peaks.embedder, embedder / MB);
        peaks.backing = Math.max(peaks.backing, backing / MB);
        peaks.sum = Math.max(peaks.sum, (total + embedder + backing) / MB);
      }
    } catch {
      // a target went away between listing and asking
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(tick, everyMs);
  return {
    async stop() {
      clearInterval(timer);
      await tick();
      cdp.close();
      const round = (v) => Math.round(v * 10) / 10;
      return {
        timeline,
        gcs,
        peaks: Object.fromEntries(Object.entries(peaks).map(([k, v]) => [k, round(v)])),
      };
    },
  };
}
