/**
 * Where a project stands in the lifecycle: each phase's status (done, needs attention with a
 * one-line reason, not started), the loop-backs the lifecycle has ("performance poor → back to
 * data or features"), who usually takes part in each phase, and the one-word stage shown in the
 * project list. Pure: the state layer gathers the facts.
 */
import type { Kpi } from './kpi';
import { describeKpi } from './kpi';
import { evaluateKpis } from './kpiEvaluation';
import type { MetricsBySplit } from './kpiEvaluation';

/** The phase ids of the navigation (state/phases.ts), in lifecycle order. */
export type LifecyclePhase =
  | 'goal'
  | 'data'
  | 'explore'
  | 'prepare'
  | 'framing'
  | 'train'
  | 'experiments'
  | 'evaluate'
  | 'deploy'
  | 'monitor';

/** Who is usually involved in each phase (CRISP-DM roles). */
export const PHASE_PEOPLE: Readonly<Record<LifecyclePhase, readonly string[]>> = {
  goal: ['business owner', 'data scientist'],
  data: ['data engineer', 'domain expert'],
  explore: ['data scientist', 'domain expert'],
  prepare: ['data engineer', 'data scientist'],
  framing: ['data scientist', 'domain expert'],
  train: ['data scientist'],
  experiments: ['data scientist'],
  evaluate: ['business owner', 'data scientist', 'domain expert'],
  deploy: ['operations', 'data engineer', 'business owner'],
  monitor: ['operations', 'data scientist', 'business owner'],
};

export type PhaseState = 'done' | 'attention' | 'not-started';

export interface LoopBack {
  to: LifecyclePhase;
  label: string;
}

export interface PhaseStatus {
  state: PhaseState;
  /** One line: why it needs attention, or what is there. */
  reason: string;
  loopBacks: LoopBack[];
}

/** What the status is computed from: the open project's records. */
export interface ProjectFacts {
  goalStatement: string;
  kpis: readonly Kpi[];
  /** Dataset versions, and how many of them came from a Prepare step. */
  versions: number;
  preparedVersions: number;
  /** A target is chosen and a recipe stored. */
  framed: boolean;
  target?: string;
  /** Columns flagged as possible leaks for the current target. */
  leakColumns: readonly string[];
  models: readonly { name: string; version: number; metrics: MetricsBySplit; status?: string }[];
  /** Runs recorded, and how many finished. */
  runs: number;
  finishedRuns: number;
  /** Batches scored in Deploy/Monitor, and the alert level of the production model's latest. */
  batches?: number;
  alert?: 'ok' | 'watch' | 'act';
}

const status = (state: PhaseState, reason: string, loopBacks: LoopBack[] = []): PhaseStatus => ({
  state,
  reason,
  loopBacks,
});

/** The KPI verdicts of the model that does best on them (most KPIs passed, latest on ties). */
function bestOnKpis(facts: ProjectFacts) {
  let best: { model: ProjectFacts['models'][number]; failed: Kpi[] } | null = null;
  for (const model of facts.models) {
    const failed = evaluateKpis(facts.kpis, model.metrics)
      .filter((r) => r.verdict !== 'pass')
      .map((r) => r.kpi);
    if (!best || failed.length <= best.failed.length) best = { model, failed };
  }
  return best;
}

/** Each phase's status for `facts`. */
export function phaseStatuses(facts: ProjectFacts): Record<LifecyclePhase, PhaseStatus> {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const goal = !facts.goalStatement.trim()
    ? status('attention', 'no business goal written yet')
    : facts.kpis.length === 0
      ? status('attention', 'no KPI yet')
      : status('done', `${plural(facts.kpis.length, 'KPI')} set`);
  const data = facts.versions
    ? status('done', plural(facts.versions, 'dataset version'))
    : status('not-started', 'no data loaded');
  const explore = facts.versions
    ? status('done', 'profiled when loaded')
    : status('not-started', 'load data first');
  const prepare = facts.preparedVersions
    ? status('done', plural(facts.preparedVersions, 'prepared version'))
    : status('not-started', facts.versions ? 'optional: no step applied' : 'load data first');
  const framing = !facts.framed
    ? status('not-started', 'no target chosen')
    : facts.leakColumns.length
      ? status('attention', `recipe has a leak warning (${facts.leakColumns.join(', ')})`, [
          { to: 'framing', label: 'leak → drop the column in the recipe' },
        ])
      : status('done', `predicting ${facts.target ?? 'the target'}`);
  const train = facts.models.length
    ? status('done', plural(facts.models.length, 'model version'))
    : facts.runs > 0 && facts.finishedRuns === 0
      ? status('attention', 'no training finished yet')
      : status('not-started', facts.framed ? 'ready to train' : 'frame the problem first');
  const experiments = facts.runs
    ? status('done', plural(facts.runs, 'run'))
    : status('not-started', 'nothing trained yet');
  let evaluate: PhaseStatus;
  const best = bestOnKpis(facts);
  if (!best) evaluate = status('not-started', 'no model yet');
  else if (!facts.kpis.length)
    evaluate = status('attention', 'no KPI to judge the models against', [
      { to: 'goal', label: 'add a KPI' },
    ]);
  else if (best.failed.length)
    evaluate = status('attention', `best model fails the KPI ${describeKpi(best.failed[0]!)}`, [
      { to: 'data', label: 'performance poor → back to data' },
      { to: 'framing', label: 'or to features' },
    ]);
  else evaluate = status('done', `${best.model.name} v${best.model.version} passes every KPI`);
  const production = facts.models.find((m) => m.status === 'production');
  const deploy = production
    ? status('done', `${production.name} v${production.version} in production`)
    : status('not-started', facts.models.length ? 'no model promoted yet' : 'no model yet');
  const batches = facts.batches ?? 0;
  const monitor = !production
    ? status('not-started', 'no model in production')
    : !batches
      ? status('not-started', 'no batch scored yet')
      : facts.alert === 'act'
        ? status('attention', 'drift or a missed KPI on the latest batch', [
            { to: 'monitor', label: 'drift → retrain' },
          ])
        : status(
            'done',
            `${batches === 1 ? '1 batch' : `${batches} batches`} monitored${facts.alert === 'watch' ? ' (watch)' : ''}`,
          );
  return { goal, data, explore, prepare, framing, train, experiments, evaluate, deploy, monitor };
}

/** One short phrase for the project list: how far the project got. */
export function projectStage(facts: ProjectFacts): string {
  const s = phaseStatuses(facts);
  if (s.deploy.state === 'done') return 'deployed';
  if (s.evaluate.state === 'done') return 'evaluated: passes its KPIs';
  if (facts.models.length) return facts.kpis.length ? 'trained: fails a KPI' : 'trained';
  if (facts.framed) return 'framed, ready to train';
  if (facts.versions) return 'data loaded';
  return facts.kpis.length ? 'goal set' : 'just started';
}
