// The training benchmark's figures as a plain-text table.
import { printSampleScores } from './scores.mjs';
import { printBackendProbe } from './trainBackend.mjs';

const num = (v, digits) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(digits) : '—');
const verdict = (ok) => (ok === null || ok === undefined ? 'n/a' : ok ? 'met' : 'MISSED');

function row(cells, widths) {
  return `  ${cells.map((c, i) => (i < 2 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ')}`;
}

/** sklearn's fit seconds for `family`: one thread, every core, and the faster of the two. */
export function sklearnTimes(sklearn, family) {
  const one = sklearn?.oneThread?.models?.[family]?.fitSeconds;
  const all = sklearn?.allThreads?.models?.[family]?.fitSeconds;
  const finite = [one, all].filter((v) => typeof v === 'number' && Number.isFinite(v));
  return { one, all, fastest: finite.length ? Math.min(...finite) : NaN };
}

/** Verdicts per goal, from the report's numbers (null when a side is missing). */
export function trainGoals(r) {
  const goals = {};
  const sk = r.sklearn?.oneThread?.models ?? {};
  for (const family of Object.keys(r.workbench)) {
    const wb = r.workbench[family];
    const auc = sk[family]?.test?.rocAuc;
    if (family !== 'baseline')
      goals[`${family}: test AUC within ${r.goals.aucWithin} of scikit-learn`] =
        wb.test && typeof auc === 'number' ? wb.test.rocAuc >= auc - r.goals.aucWithin : null;
  }
  if (r.workbench.gbdt) {
    const t = sklearnTimes(r.sklearn, 'gbdt').fastest;
    goals[`gbdt: fit within ${r.goals.gbdtTimeRatio}× scikit-learn's (faster of one thread and every core)`] =
      Number.isFinite(t) && Number.isFinite(r.workbench.gbdt.fitSeconds)
        ? r.workbench.gbdt.fitSeconds <= r.goals.gbdtTimeRatio * t
        : null;
  }
  const runs = Object.values(r.workbench);
  goals[`no main-thread task over ${r.goals.longTaskMs} ms during training`] =
    r.browser.longtaskSupported === false || !runs.length ? null : runs.every((w) => w.longTasks.over === 0);
  goals['scikit-learn saw the rows the workbench used'] = r.sklearn?.oneThread
    ? r.sameRows.length === 0
    : null;
  const probes = r.backendCheck?.out ?? [];
  const shaped = probes.filter((o) => o.label.endsWith('benchmark shape'));
  goals['backend probe: under a second for the benchmark models, no tensor left behind'] =
    r.backendCheck && !r.backendCheck.error && shaped.length
      ? shaped.every((o) => o.ms < 1000) && probes.every((o) => o.tensorsAfter === o.tensorsBefore)
      : null;
  return goals;
}

/** Prints what bench/train.mjs produced. */
export function printTrainReport(r) {
  const dirty = r.git.dirtyFiles ? ` (+${r.git.dirtyFiles} changed files)` : '';
  console.log(
    `\nTraining benchmark · ${r.file.rows.toLocaleString('en')} rows × ${r.file.features} features ` +
      `(${r.features?.cols ?? '?'} after the default recipe) · seed ${r.file.seed} · git ${r.git.head}${dirty}`,
  );
  console.log(
    `  ${r.machine.cpus} × ${r.machine.cpuModel}; Chromium headless, production build, backend "auto"`,
  );
  if (r.browser.error) console.log(`\n  The browser run FAILED: ${r.browser.error}`);
  for (const p of r.browser.problems ?? []) console.log(`  ! ${p}`);
  const sk = r.sklearn?.oneThread;
  if (r.features?.split) console.log(`  Split: ${r.features.split}`);
  if (sk && !sk.error) {
    console.log(
      `  scikit-learn ${sk.sklearn}, default settings, fit on the same ${sk.fitRows.toLocaleString('en')} ` +
        `training + validation rows, scored on the same ${sk.testRows.toLocaleString('en')} test rows`,
    );
  } else if (r.sklearn?.error || sk?.error) console.log(`  scikit-learn: ${r.sklearn?.error ?? sk.error}`);
  const widths = [8, 7, 8, 7, 9, 9, 8, 9, 9, 8, 9];
  console.log('');
  console.log(
    row(
      [
        'family',
        'backend',
        'fit s',
        'run s',
        'test AUC',
        'sk fit s',
        'sk 2thr',
        'sk AUC',
        'AUC diff',
        'time ×',
        'longest',
      ],
      widths,
    ),
  );
  for (const [family, w] of Object.entries(r.workbench)) {
    if (family === 'xgboost') continue;
    const s = sk?.models?.[family];
    const times = sklearnTimes(r.sklearn, family);
    const diff = w.test && s ? w.test.rocAuc - s.test.rocAuc : NaN;
    const ratio = w.fitSeconds / times.fastest;
    console.log(
      row(
        [
          family,
          w.error ? 'FAILED' : (w.backend ?? '?'),
          num(w.fitSeconds, 2),
          num(w.runSeconds, 2),
          num(w.test?.rocAuc, 4),
          num(times.one, 2),
          num(times.all, 2),
          num(s?.test?.rocAuc, 4),
          Number.isFinite(diff) ? `${diff >= 0 ? '+' : ''}${diff.toFixed(4)}` : '—',
          Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : '—',
          `${num(w.longTasks.longestMs, 0)} ms`,
        ],
        widths,
      ),
    );
  }
  const xgbOne = sk?.models?.xgboost;
  const xgbAll = r.sklearn?.allThreads?.models?.xgboost;
  const gbdt = r.workbench.gbdt;
  if (xgbOne && gbdt) {
    const ratio = (t) =>
      Number.isFinite(gbdt.fitSeconds / t) ? `${(gbdt.fitSeconds / t).toFixed(2)}×` : '—';
    console.log(
      `\n  ${xgbOne.estimator} (the workbench's boosted-tree settings, ${xgbOne.iterations ?? '?'} rounds): ` +
        `AUC ${num(xgbOne.test?.rocAuc, 4)}; fit ${num(xgbOne.fitSeconds, 2)} s on 1 thread (gbdt ${ratio(xgbOne.fitSeconds)})` +
        (xgbAll
          ? `, ${num(xgbAll.fitSeconds, 2)} s on ${xgbAll.threads} threads (gbdt ${ratio(xgbAll.fitSeconds)})`
          : ''),
    );
  }
  const tw = r.treeWorkers;
  if (tw) {
    const best = (h) => Math.min(...tw.runs.filter((x) => x.withHelpers === h).map((x) => x.seconds));
    const helped = tw.runs.filter((x) => x.withHelpers);
    const same = tw.browserTestLogLoss === tw.testLogLoss;
    console.log(
      `\n  Boosted trees in Node, same rows (best of ${helped.length}): 1 worker ${num(best(false), 2)} s, ` +
        `with ${tw.helpersAvailable} helper(s) ${num(best(true), 2)} s (${(best(true) / best(false)).toFixed(2)}×); ` +
        `same trees bit for bit: ${tw.sameTrees ? 'yes' : 'NO'}; browser run's test log-loss ` +
        `${same ? 'equal to' : 'DIFFERENT from'} the Node single-worker forest's (${tw.testLogLoss})`,
    );
    for (const x of tw.runs) {
      console.log(
        `    ${x.withHelpers ? 'with helpers' : 'one worker'}: ${x.seconds.toFixed(2)} s at load ${x.loadBefore}` +
          (x.withHelpers ? `, ${x.workers} worker(s) at the end${x.note ? ` (${x.note})` : ''}` : ''),
      );
    }
  }
  if (r.loadAverage) {
    const f = (l) => (l ? l.map((x) => x.toFixed(2)).join(' ') : '?');
    console.log(
      `  load average (1/5/15 min): ${f(r.loadAverage.start)} at the start, ${f(r.loadAverage.end)} at the end`,
    );
  }
  console.log(
    "\n  fit s: the model fit on the worker's clock (binning to last epoch); run s: the whole run (load, " +
      'recipe, baseline, fit, evaluation, save). sk fit s / sk 2thr: scikit-learn .fit() on one thread / ' +
      'every core. time ×: fit s over the faster of those. longest: longest main-thread task in the run.',
  );
  console.log('\nBackend chosen per family');
  for (const [family, w] of Object.entries(r.workbench)) {
    console.log(`  ${family}: ${w.backend ?? '?'} — ${w.backendReason ?? w.error ?? ''}`);
    if (w.tensors && w.tensors.before !== w.tensors.after)
      console.log(`    ! tensors ${w.tensors.before} before, ${w.tensors.after} after`);
  }
  for (const s of Object.values(sk?.models ?? {})) {
    if (s.warnings?.length) console.log(`  scikit-learn ${s.estimator}: ${s.warnings.join('; ')}`);
  }
  for (const p of r.sameRows) console.log(`  ! rows differ: ${p}`);
  if (r.browser.mainThreadSelfTime) {
    console.log('\nPage main thread during training, self time (--profile-page)');
    for (const { fn, ms } of r.browser.mainThreadSelfTime)
      console.log(`  ${num(ms, 0).padStart(7)} ms  ${fn}`);
  }
  if (r.backendCheck) printBackendProbe(r.backendCheck);
  if (r.samples) printSampleScores(r.samples);
  console.log('\nGoals');
  r.verdicts ??= trainGoals(r);
  for (const [goal, ok] of Object.entries(r.verdicts)) console.log(`  ${verdict(ok).padEnd(7)} ${goal}`);
}
