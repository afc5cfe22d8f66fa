// The ingest benchmark's figures as a plain-text table.

const MB = 1e6;
const s = (v) => (Number.isFinite(v) ? `${v.toFixed(2)} s` : '—');
const mb = (v) => (Number.isFinite(v) ? `${(v / MB).toFixed(0)} MB` : '—');
const ms = (v) => (Number.isFinite(v) ? `${v.toFixed(0)} ms` : '—');
const verdict = (ok) => (ok === null || ok === undefined ? 'n/a' : ok ? 'met' : 'MISSED');

function table(rows) {
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
}

function tasks(t) {
  return t.count === 0 ? 'none over 50 ms' : `${ms(t.longestMs)} longest (${t.count} over 50 ms)`;
}

/** Prints what `summarise` in ingest.mjs produced. */
export function printReport(r) {
  const { file, browser: b, pandas: p, goals } = r;
  console.log(
    `\nIngest benchmark · ${file.rows.toLocaleString('en')} rows × ${file.columns} columns · ` +
      `${(file.bytes / MB).toFixed(1)} MB · git ${r.git.head}${r.git.dirtyFiles ? ` (+${r.git.dirtyFiles} changed files)` : ''}`,
  );
  if (b.error) {
    console.log(`\n  The browser run FAILED: ${b.error}`);
    for (const x of b.problems) console.log(`  - ${x}`);
    return;
  }
  console.log('\nWorkbench (headless Chromium, production build)');
  table([
    ['ingest (file chosen → version stored)', `${s(b.ingestSeconds)}  (${b.mbPerSecond.toFixed(1)} MB/s)`],
    ['  read + parse + types', s(b.stages.readAndParse)],
    ['  content hashes', s(b.stages.hash)],
    ['  IndexedDB write + list refresh', s(b.stages.store)],
    ['  as timed by the worker', s(b.workerIngestSeconds)],
    ['profile (Explore clicked → table shown)', s(b.profileSeconds)],
    ['end to end (ingest + profile)', `${s(b.endToEndSeconds)}  (${b.endToEndMbPerSecond.toFixed(1)} MB/s)`],
    ['first chart drawn after the profile', s(b.chartSeconds)],
    ['longest main-thread task: ingest', tasks(b.longTasks.ingest)],
    ['                          profile', tasks(b.longTasks.profile)],
    ['                          chart', tasks(b.longTasks.chart)],
    ['                          page load', tasks(b.longTasks.pageLoad)],
    ['memory, idle tab (PSS, all processes)', mb(b.memory.idlePss)],
    ['memory, peak (PSS, all processes)', `${mb(b.memory.peakPss)}  (RSS sum ${mb(b.memory.peakRss)})`],
    [
      'memory, peak above idle (PSS)',
      `${mb(b.memory.peakPssAboveIdle)}  (${(b.memory.peakPssAboveIdle / file.bytes).toFixed(2)}× the file)`,
    ],
    [
      'peak PSS by process',
      Object.entries(b.memory.peakPssByRole)
        .map(([k, v]) => `${k} ${mb(v)}`)
        .join(', '),
    ],
  ]);
  console.log('\npandas (same file, same run)');
  if (!p || p.skipped || p.error) console.log(`  ${p?.skipped ?? p?.error ?? 'not run'}`);
  else {
    table([
      [`read_csv (pandas ${p.pandas})`, s(p.readCsvSeconds)],
      ["describe(include='all')", s(p.describeSeconds)],
      ['total', `${s(p.totalSeconds)}  (${(file.bytes / MB / p.totalSeconds).toFixed(1)} MB/s)`],
      ['peak RSS of the Python process', mb(p.peakRssBytes)],
      ['workbench end to end ÷ pandas', `${b.ratioToPandas.toFixed(2)}×`],
    ]);
  }
  console.log('\nGoals (issue 3)');
  table([
    ['end to end within 2× of pandas', verdict(goals.withinTwiceOfPandas)],
    ['no main-thread task over 50 ms (ingest, profile, chart)', verdict(goals.noMainThreadTaskOver50ms)],
    ['peak memory above idle under 4× the file', verdict(goals.peakMemoryUnder4xFile)],
    ['tab did not fail (no crash, no console error)', verdict(goals.tabDidNotFail)],
  ]);
  if (b.problems.length) for (const x of b.problems) console.log(`  - ${x}`);
}
