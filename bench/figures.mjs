// Turns raw runs into the benchmark's figures, and several runs into medians and bests.
import { cpuBetween } from './procMemory.mjs';

/** Seconds between two page marks (NaN when either is missing). */
function span(marks, from, to) {
  const a = marks[from];
  const b = marks[to];
  return a === undefined || b === undefined ? NaN : (b - a) / 1000;
}

/** Long tasks overlapping [from, to] on the page clock: the longest and how many. */
function longestIn(tasks, from, to) {
  let longestMs = 0;
  let count = 0;
  for (const t of tasks) {
    if (t.start + t.duration < from || t.start > to) continue;
    count++;
    longestMs = Math.max(longestMs, t.duration);
  }
  return { longestMs, count };
}

function sum(record, match) {
  return Object.entries(record)
    .filter(([k]) => match(k))
    .reduce((s, [, v]) => s + v, 0);
}

/** The figures of one browser run (see ingest.mjs for what each mark is). */
export function browserFigures(run, fileBytes) {
  if (run.error) return { error: run.error, problems: run.problems };
  const m = run.probe.marks;
  const ingest = span(m, 'fileChosen', 'stored');
  const profile = span(m, 'exploreClicked', 'profiled');
  const t = run.probe.longtasks;
  const cpuIngest = cpuBetween(run.cpu.start, run.cpu.stored);
  const cpuProfile = cpuBetween(run.cpu.stored, run.cpu.profiled);
  const worker = (k) => k.startsWith('renderer/DedicatedWorker');
  const all = () => true;
  return {
    problems: run.problems,
    statusText: run.statusText,
    ingestSeconds: ingest,
    workerIngestSeconds: run.workerSeconds,
    stages: {
      readAndParse: span(m, 'fileChosen', m.hashing !== undefined ? 'hashing' : 'stored'),
      hash: span(m, 'hashing', m.storing !== undefined ? 'storing' : 'stored'),
      store: span(m, 'storing', 'stored'),
    },
    profileSeconds: profile,
    chartSeconds: span(m, 'profiled', 'charted'),
    endToEndSeconds: ingest + profile,
    mbPerSecond: fileBytes / 1e6 / ingest,
    endToEndMbPerSecond: fileBytes / 1e6 / (ingest + profile),
    cpuSeconds: {
      what: 'utime + stime of Chromium threads from /proc/<pid>/task/<tid>/stat (robust to other load)',
      ingestWorker: sum(cpuIngest, worker),
      ingestAllThreads: sum(cpuIngest, all),
      profileWorker: sum(cpuProfile, worker),
      profileAllThreads: sum(cpuProfile, all),
      ingestByThread: cpuIngest,
      profileByThread: cpuProfile,
      chartByThread: cpuBetween(run.cpu.profiled, run.cpu.charted),
    },
    longTasks: {
      supported: run.probe.longtaskSupported,
      pageLoad: longestIn(t, 0, m.fileChosen ?? Infinity),
      ingest: longestIn(t, m.fileChosen, m.stored),
      profile: longestIn(t, m.exploreClicked, m.profiled),
      chart: longestIn(t, m.profiled, m.charted ?? Infinity),
      all: t,
    },
    memory: {
      what: 'sum over every Chromium process of PSS (and RSS) from /proc/<pid>/smaps_rollup, every 100 ms',
      idlePss: run.idle.pss,
      idleRss: run.idle.rss,
      peakPss: run.memory.peaks.pss,
      peakRss: run.memory.peaks.rss,
      peakPssAboveIdle: run.memory.peaks.pss - run.idle.pss,
      peakPssByRole: run.memory.peaks.byRole,
      windows: run.memory.windows,
      samples: run.memory.samples,
      timeline: run.memory.timeline,
      timelineColumns: ['ms since the file was chosen', 'total PSS MB', 'renderer PSS MB', 'browser PSS MB'],
    },
    marks: run.probe.marks,
  };
}

const median = (xs) => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const best = (xs) => Math.min(...xs.filter(Number.isFinite));
const worst = (xs) => Math.max(...xs.filter(Number.isFinite));

/** Paths of the numbers summarised over runs. */
const KEYS = [
  'ingestSeconds',
  'workerIngestSeconds',
  'stages.readAndParse',
  'stages.hash',
  'stages.store',
  'profileSeconds',
  'chartSeconds',
  'endToEndSeconds',
  'mbPerSecond',
  'endToEndMbPerSecond',
  'cpuSeconds.ingestWorker',
  'cpuSeconds.ingestAllThreads',
  'cpuSeconds.profileWorker',
  'cpuSeconds.profileAllThreads',
  'memory.peakPss',
  'memory.peakRss',
  'memory.peakPssAboveIdle',
  'memory.idlePss',
];
const get = (o, path) => path.split('.').reduce((v, k) => v?.[k], o);

/**
 * Median, min and max of each figure over the runs that finished, plus the worst long task of
 * any run (a goal is met only if every run meets it).
 */
export function aggregate(runs) {
  const ok = runs.filter((r) => !r.error);
  const out = { runs: runs.length, finished: ok.length };
  for (const key of KEYS) {
    const xs = ok.map((r) => get(r, key));
    out[key] = { median: median(xs), min: best(xs), max: worst(xs), all: xs };
  }
  for (const w of ['ingest', 'profile', 'chart', 'pageLoad']) {
    out[`longTasks.${w}`] = {
      longestMs: worst(ok.map((r) => r.longTasks[w].longestMs)),
      count: worst(ok.map((r) => r.longTasks[w].count)),
    };
  }
  return out;
}

export { median };
