// The ingest benchmark's figures as a plain-text table: the median over runs, with the best
// (fastest; for memory, the highest) and every run's value where there were several.

const MB = 1e6;
const sec = (v) => (Number.isFinite(v) ? `${v.toFixed(2)} s` : '—');
const mb = (v) => (Number.isFinite(v) ? `${(v / MB).toFixed(0)} MB` : '—');
const rate = (v) => (Number.isFinite(v) ? `${v.toFixed(1)} MB/s` : '—');
const verdict = (ok) => (ok === null || ok === undefined ? 'n/a' : ok ? 'met' : 'MISSED');

function table(rows) {
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
}

/** "median (best …; runs a, b, c)" for a time figure. */
function timed(fig, format = sec, bestIs = 'min') {
  if (fig.all.length <= 1) return format(fig.median);
  return `${format(fig.median)}  (${bestIs === 'min' ? 'best' : 'max'} ${format(fig[bestIs])}; runs ${fig.all.map(format).join(', ')})`;
}

function tasks(t) {
  return t.count === 0
    ? 'none over 50 ms'
    : `${t.longestMs.toFixed(0)} ms longest (${t.count} over 50 ms in a run)`;
}

/** Prints what ingest.mjs produced. */
export function printReport(r) {
  const { file, aggregate: a, goals } = r;
  const load = (l) => l.map((x) => x.toFixed(1)).join(' ');
  console.log(
    `\nIngest benchmark · ${file.rows.toLocaleString('en')} rows × ${file.columns} columns · ` +
      `${(file.bytes / MB).toFixed(1)} MB · git ${r.git.head}` +
      `${r.git.changedSourceFiles ? ` (+${r.git.changedSourceFiles} changed source files)` : ''} · ` +
      `${r.machine.cpus} CPUs, load ${load(r.loadAverageAtStart)} → ${load(r.loadAverageAtEnd)}`,
  );
  for (const [i, run] of r.runs.entries()) {
    if (run.error) console.log(`  run ${i + 1} FAILED: ${run.error}`);
    for (const p of run.problems ?? []) console.log(`  run ${i + 1}: ${p}`);
  }
  if (a.finished === 0) return;
  console.log(`\nWorkbench (headless Chromium, production build; median of ${a.finished} run(s))`);
  const role = Object.entries(r.runs.find((x) => !x.error).memory.peakPssByRole);
  table([
    ['ingest (file chosen → version stored)', timed(a.ingestSeconds)],
    ['  read + parse + types', timed(a['stages.readAndParse'])],
    ['  content hashes', timed(a['stages.hash'])],
    ['  IndexedDB write + list refresh', timed(a['stages.store'])],
    ['  as timed by the worker', timed(a.workerIngestSeconds)],
    ['  throughput', timed(a.mbPerSecond, rate, 'max')],
    ['profile (Explore clicked → table shown)', timed(a.profileSeconds)],
    ['end to end (ingest + profile)', timed(a.endToEndSeconds)],
    ['  throughput', timed(a.endToEndMbPerSecond, rate, 'max')],
    ['first chart drawn after the profile', timed(a.chartSeconds)],
    ['CPU: data worker thread, ingest', timed(a['cpuSeconds.ingestWorker'])],
    ['CPU: all Chromium threads, ingest', timed(a['cpuSeconds.ingestAllThreads'])],
    ['CPU: data worker thread, profile', timed(a['cpuSeconds.profileWorker'])],
    ['longest main-thread task: ingest', tasks(a['longTasks.ingest'])],
    ['                          profile', tasks(a['longTasks.profile'])],
    ['                          chart', tasks(a['longTasks.chart'])],
    ['                          page load', tasks(a['longTasks.pageLoad'])],
    ['memory, idle tab (PSS, all processes)', timed(a['memory.idlePss'], mb, 'max')],
    ['memory, peak (PSS, all processes)', timed(a['memory.peakPss'], mb, 'max')],
    ['memory, peak above idle (PSS)', timed(a['memory.peakPssAboveIdle'], mb, 'max')],
    ['  ÷ file size (max)', `${(a['memory.peakPssAboveIdle'].max / file.bytes).toFixed(2)}×`],
    [
      'peak PSS by process (run 1)',
      role.map(([k, v]) => `${k.replace(/\.mojom\.\w+/, '')} ${mb(v)}`).join(', '),
    ],
  ]);
  console.log('\npandas (same file, after each browser run)');
  const p = r.pandasMedian;
  if (!p) console.log(`  ${r.pandasSkipped ?? r.pandas[0]?.error ?? 'not run'}`);
  else {
    const runs = r.pandas.filter((x) => !x.error).map((x) => x.totalSeconds);
    table([
      [`read_csv (pandas ${p.version})`, sec(p.readCsvSeconds)],
      ["describe(include='all')", sec(p.describeSeconds)],
      [
        'total',
        `${sec(p.totalSeconds)}  (${rate(file.bytes / MB / p.totalSeconds)}; runs ${runs.map(sec).join(', ')})`,
      ],
      ['CPU seconds', sec(p.cpuSeconds)],
      ['peak RSS of the Python process', mb(p.peakRssBytes)],
      [
        'workbench end to end ÷ pandas',
        `${r.ratioToPandas.medianOverMedian.toFixed(2)}× (medians), ${r.ratioToPandas.bestOverBest.toFixed(2)}× (bests)`,
      ],
    ]);
  }
  console.log('\nGoals (issue 3)');
  table([
    ['end to end within 2× of pandas (medians)', verdict(goals.withinTwiceOfPandas)],
    ['no main-thread task over 50 ms (ingest, profile, chart)', verdict(goals.noMainThreadTaskOver50ms)],
    ['peak memory above idle under 4× the file (every run)', verdict(goals.peakMemoryUnder4xFile)],
    ['tab did not fail (no crash, no console error)', verdict(goals.tabDidNotFail)],
  ]);
}
