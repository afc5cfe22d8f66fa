// How runs are named and described in the experiments views.
import type { Run } from '../../store';
import { formatParam } from '../../core/experiments/space';

/** Run numbers by creation order (1 = oldest), stable while runs are added. */
export function runNumbers(runs: readonly Run[]): Map<string, number> {
  const sorted = [...runs].sort((a, b) => a.createdAt - b.createdAt);
  return new Map(sorted.map((r, i) => [r.id, i + 1]));
}

export function family(run: Run): string {
  // Runs are stored records: one written by an older build may lack a spec.
  return typeof run.spec?.family === 'string' ? run.spec.family : 'unknown';
}

export function duration(ms: number): string {
  if (!ms) return '—';
  return ms < 60_000
    ? `${(ms / 1000).toFixed(1)} s`
    : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** "search 3f2a, trial 4 (rung 2, 30)" or "re-run of run 2" or "". */
export function origin(run: Run, numbers: Map<string, number>): string {
  if (run.trial && run.searchId) {
    const params = Object.entries(run.trial.params)
      .map(([k, v]) => `${k} ${formatParam(v)}`)
      .join(', ');
    return `search ${run.searchId.slice(-4)}, trial ${run.trial.number} (rung ${run.trial.rung + 1}, budget ${run.trial.budget}): ${params}`;
  }
  if (run.rerunOf) {
    const n = numbers.get(run.rerunOf);
    return n ? `re-run of run ${n}` : 're-run of a deleted run';
  }
  return '';
}

/** Says that a teaching run's scores are leaked (see RecipeFit), or "" for an honest run. */
export function leakLabel(run: Run): string {
  if (run.recipeFit === 'allRows') return 'Leaks (teaching): recipe fit on all rows';
  if (run.recipeFit === 'wholeTable') return 'Leaks (teaching): whole table prepared before the split';
  return '';
}
