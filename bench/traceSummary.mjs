// Reads a Chromium trace recorded with the V8 sampling profiler on (ingest.mjs --trace) and
// prints, per thread of the page's renderer (main thread, the data worker), where the CPU time
// went: self time per function, and inclusive time per source file. The production build is
// built unminified for tracing, so function names are the source's.

/** Trace categories that record the V8 sampling profiler of every thread (main and workers). */
export const TRACE_CATEGORIES = [
  'disabled-by-default-v8.cpu_profiler',
  'v8',
  'devtools.timeline',
  '__metadata',
];

/** thread id → name, from the trace's metadata events. */
function threadNames(events) {
  const names = new Map();
  for (const e of events) {
    if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args.name);
  }
  return names;
}

/** Samples of every profile in the trace, grouped by profile id. */
function collectProfiles(events) {
  const profiles = new Map();
  for (const e of events) {
    if (e.name !== 'Profile' && e.name !== 'ProfileChunk') continue;
    const key = `${e.pid}:${e.id}`;
    let p = profiles.get(key);
    if (!p) {
      p = { thread: `${e.pid}:${e.tid}`, nodes: new Map(), samples: [], deltas: [] };
      profiles.set(key, p);
    }
    if (e.name === 'Profile') p.thread = `${e.pid}:${e.tid}`;
    const data = e.args?.data;
    for (const n of data?.cpuProfile?.nodes ?? []) p.nodes.set(n.id, n);
    for (const s of data?.cpuProfile?.samples ?? []) p.samples.push(s);
    for (const d of data?.timeDeltas ?? []) p.deltas.push(d);
  }
  return profiles;
}

function fileOf(url) {
  if (!url) return '(native)';
  return url.replace(/^https?:\/\/[^/]+\//, '').replace(/\?.*$/, '');
}

function frameName(node) {
  const f = node.callFrame;
  const name = f.functionName || '(anonymous)';
  return f.url ? `${name} ${fileOf(f.url)}:${f.lineNumber + 1}` : name;
}

/** Self time per function and total time per thread (milliseconds). */
export function summariseTrace(trace, top = 25) {
  const events = Array.isArray(trace) ? trace : trace.traceEvents;
  const names = threadNames(events);
  const threads = new Map();
  for (const p of collectProfiles(events).values()) {
    const name = names.get(p.thread) ?? p.thread;
    let t = threads.get(name);
    if (!t) threads.set(name, (t = { totalMs: 0, idleMs: 0, self: new Map(), files: new Map() }));
    for (let i = 0; i < p.samples.length; i++) {
      const node = p.nodes.get(p.samples[i]);
      // A sample's time is the gap to the next one.
      const ms = (p.deltas[i + 1] ?? 0) / 1000;
      if (!node || ms <= 0) continue;
      const fn = node.callFrame.functionName;
      if (fn === '(idle)' || fn === '(program)') {
        t.idleMs += ms;
        continue;
      }
      t.totalMs += ms;
      const label = frameName(node);
      t.self.set(label, (t.self.get(label) ?? 0) + ms);
      // Inclusive time per source file: each file on the stack counts once per sample.
      const seen = new Set();
      for (let n = node; n; n = p.nodes.get(n.parent)) {
        const file = fileOf(n.callFrame.url);
        if (seen.has(file)) continue;
        seen.add(file);
        t.files.set(file, (t.files.get(file) ?? 0) + ms);
      }
    }
  }
  const out = [];
  for (const [name, t] of threads) {
    if (t.totalMs < 20) continue;
    const sorted = (m) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
    out.push({ thread: name, busyMs: t.totalMs, self: sorted(t.self), files: sorted(t.files) });
  }
  return out.sort((a, b) => b.busyMs - a.busyMs);
}

export function printTraceSummary(summary) {
  for (const t of summary) {
    console.log(`\n${t.thread}: ${(t.busyMs / 1000).toFixed(2)} s busy`);
    console.log('  self time by function:');
    for (const [label, ms] of t.self) console.log(`    ${ms.toFixed(0).padStart(6)} ms  ${label}`);
    console.log('  time by source file (inclusive):');
    for (const [file, ms] of t.files.slice(0, 12))
      console.log(`    ${ms.toFixed(0).padStart(6)} ms  ${file}`);
  }
}
