import type { TrainArgs, TrainEvents, TrainSummary } from '../protocol/train';
import type { Kpi } from '../core/lifecycle/kpi';
import { metricValue } from '../core/lifecycle/kpiEvaluation';
import { isBetter } from '../core/lifecycle/metricCatalog';
import type { MetricName } from '../core/ml/types';
import type { TrainJob } from '../core/pipeline/types';
import {
  applyParams,
  gridSample,
  halvingProblems,
  planCost,
  planHalving,
  randomSample,
  ranksBefore,
  runSearch,
  spaceProblems,
  specBudget,
  type Assignment,
  type Rung,
  type SearchSpace,
  type Trial,
} from '../core/experiments';
import { getVersion, modelVersionOf, newId, saveModelVersion, updateRun } from '../store';
import { toShownError, type ShownError } from './errors';
import type { OpenProject } from './openProject.svelte';
import { batcher, closeOrphanedRun, stagedProgress, type StagedEpoch } from './training.svelte';
import { isAbortError } from './workerClient';

export interface SearchSettings {
  method: 'random' | 'grid';
  /** Random search: points drawn. */
  trials: number;
  /** Grid search: points per numeric range. */
  pointsPerRange: number;
  /** Successive halving from `minBudget` up to the form's epochs/iterations, keeping 1/eta per rung. */
  halving: boolean;
  minBudget: number;
  eta: number;
  space: SearchSpace;
}

export interface SearchRequest {
  datasetVersionId: string;
  recipeVersionId?: string;
  /** The base job: its model spec gives every setting the space does not vary, and the full budget. */
  job: TrainJob;
  kpis: Kpi[];
  modelName: string;
  /** The project's primary metric: trials are ranked by it on the validation rows, never on test. */
  primaryMetric: MetricName;
  settings: SearchSettings;
}

export type TrialStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface TrialView {
  number: number;
  rung: number;
  budget: number;
  params: Assignment;
  status: TrialStatus;
  runId: string | null;
  score: number | null;
  backend: string | null;
  error: string | null;
  epochs: StagedEpoch[];
}

export type SearchStatus = 'idle' | 'checking' | 'running' | 'finished' | 'cancelled' | 'failed';

export interface SearchPlan {
  points: Assignment[];
  rungs: Rung[];
  problems: string[];
}

/** The points and rungs a search would train, or the problems that stop it, for the form to show. */
export function planSearch(settings: SearchSettings, job: TrainJob): SearchPlan {
  const problems = spaceProblems(settings.space);
  const full = specBudget(job.model);
  if (job.split.kind !== 'kFold' && !(job.split.validationFraction > 0)) {
    problems.push(
      'A search picks its best trial on the validation rows: set a validation share above 0, or use cross-validation.',
    );
  }
  if (settings.halving && full !== null) {
    problems.push(...halvingProblems({ minBudget: settings.minBudget, maxBudget: full, eta: settings.eta }));
  }
  if (settings.method === 'random' && !(Number.isInteger(settings.trials) && settings.trials >= 1)) {
    problems.push(`Trials must be a whole number of at least 1 (got ${settings.trials}).`);
  }
  if (problems.length || full === null) return { points: [], rungs: [], problems };
  let points: Assignment[] = [];
  try {
    points =
      settings.method === 'random'
        ? randomSample(settings.space, settings.trials, job.seed)
        : gridSample(settings.space, settings.pointsPerRange);
  } catch (err) {
    return { points: [], rungs: [], problems: [err instanceof Error ? err.message : String(err)] };
  }
  const rungs = settings.halving
    ? planHalving(points.length, { minBudget: settings.minBudget, maxBudget: full, eta: settings.eta })
    : [{ budget: full, trials: points.length }];
  return { points, rungs, problems };
}

/**
 * A hyperparameter search: trials spread over the train worker pool, successive halving between
 * rungs, a live leaderboard of trials, Cancel for the whole search, and the best final trial's
 * model (by the primary metric on validation) registered as a model version.
 */
export class SearchState {
  status = $state<SearchStatus>('idle');
  searchId = $state<string | null>(null);
  rungs = $state.raw<Rung[]>([]);
  trials = $state.raw<TrialView[]>([]);
  metric = $state<MetricName>('f1Macro');
  best = $state.raw<{ trial: number; runId: string; modelVersionId: string; version: number } | null>(null);
  error = $state.raw<ShownError | null>(null);
  warnings = $state.raw<string[]>([]);
  /** Counts trials that ended: the experiments list reloads its runs when it changes. */
  runsChanged = $state(0);
  #startedAt = 0;
  #abort: AbortController | undefined;
  #bestModel: { number: number; score: number; summary: TrainSummary } | null = null;

  constructor(private readonly open: OpenProject) {}

  progress = $derived.by(() => {
    const total = planCost(this.rungs);
    if (!total || this.status !== 'running') return null;
    let done = 0;
    for (const t of this.trials) {
      if (t.status === 'running') done += t.budget * (stagedProgress(t.epochs.at(-1)) ?? 0);
      else if (t.status !== 'queued') done += t.budget;
    }
    return Math.min(1, done / total);
  });

  eta = $derived.by(() => {
    const p = this.progress;
    if (!p) return null;
    const elapsed = (performance.now() - this.#startedAt) / 1000;
    return Math.max(0, (elapsed / p) * (1 - p));
  });

  async start(req: SearchRequest): Promise<void> {
    if (this.status === 'running' || this.status === 'checking') return;
    const abort = (this.#abort = new AbortController());
    Object.assign(this, { status: 'checking', error: null, best: null, trials: [], warnings: [] });
    this.metric = req.primaryMetric;
    this.#bestModel = null;
    const plan = planSearch(req.settings, req.job);
    if (plan.problems.length) return this.#fail(plan.problems);
    try {
      const check = await this.open.services
        .trainPool()
        .run((c) =>
          c.send('check', { datasetVersionId: req.datasetVersionId, job: req.job }, { signal: abort.signal }),
        );
      if (check.problems.length) return this.#fail(check.problems);
      this.warnings = check.warnings;
      this.searchId = newId();
      this.rungs = plan.rungs;
      this.status = 'running';
      this.#startedAt = performance.now();
      const outcome = await runSearch({
        points: plan.points,
        rungs: plan.rungs,
        better: (a, b) => isBetter(req.primaryMetric, a, b),
        shouldStop: () => abort.signal.aborted,
        runTrial: (t) => this.#runTrial(t, req, abort.signal),
      });
      if (outcome.stopped) this.status = 'cancelled';
      else if (outcome.best && this.#kept()?.number === outcome.best.number) {
        await this.#register(req, this.#kept()!.summary, outcome.best);
        this.status = 'finished';
      } else
        this.#fail([
          'Every trial of the last rung failed, so no model was registered. See each trial’s error.',
        ]);
    } catch (err) {
      if (isAbortError(err)) this.status = 'cancelled';
      else {
        this.status = 'failed';
        this.error = toShownError(err);
      }
    } finally {
      this.#bestModel = null;
      this.cancelling = false;
    }
  }

  /** True from Cancel until every trial has stopped. */
  cancelling = $state(false);

  cancel(): void {
    if (this.status === 'running' || this.status === 'checking') this.cancelling = true;
    this.#abort?.abort();
  }

  // A method, not a field read: TypeScript cannot see trials assign the field while awaiting.
  #kept(): { number: number; score: number; summary: TrainSummary } | null {
    return this.#bestModel;
  }

  #fail(problems: string[]): void {
    this.status = 'failed';
    const [first = '', ...rest] = problems;
    this.error = rest.length
      ? {
          message: `The search cannot start: ${problems.length} problems, listed below.`,
          details: problems,
          more: 0,
        }
      : { message: first, details: [], more: 0 };
  }

  #patch(number: number, changes: Partial<TrialView>): void {
    this.trials = this.trials.map((t) => (t.number === number ? { ...t, ...changes } : t));
  }

  async #runTrial(t: Trial, req: SearchRequest, signal: AbortSignal): Promise<number | null> {
    const base = { number: t.number, rung: t.rung, budget: t.budget, params: t.assignment };
    this.trials = [
      ...this.trials,
      { ...base, status: 'queued', runId: null, score: null, backend: null, error: null, epochs: [] },
    ];
    const args: TrainArgs = {
      projectId: this.open.id,
      datasetVersionId: req.datasetVersionId,
      ...(req.recipeVersionId ? { recipeVersionId: req.recipeVersionId } : {}),
      job: { ...req.job, model: applyParams(req.job.model, t.assignment, t.budget) },
      backend: this.open.training.backendPreference,
      modelName: req.modelName,
      kpis: req.kpis,
      // Only a last-rung trial can win; its model comes back to be registered if it does.
      keepModel: t.final ? 'return' : 'none',
      searchId: this.searchId!,
      trial: base,
    };
    let runId: string | null = null;
    const epochs = batcher<StagedEpoch>((items) => {
      const had = this.trials.find((x) => x.number === t.number)?.epochs ?? [];
      this.#patch(t.number, { epochs: [...had, ...items] });
    });
    try {
      const summary = await this.open.services.trainPool().run((client) => {
        this.#patch(t.number, { status: 'running' });
        return client.send('train', args, {
          signal,
          onEvent: (name, data) => {
            if (name === 'epoch') epochs.push(data as StagedEpoch);
            else if (name === 'backend')
              this.#patch(t.number, { backend: (data as TrainEvents['backend']).name });
            else if (name === 'run') {
              runId = (data as TrainEvents['run']).runId;
              this.#patch(t.number, { runId });
            }
          },
        });
      }, signal);
      epochs.flush();
      const score = metricValue(summary.metrics.validation, req.primaryMetric);
      this.#patch(t.number, { status: 'done', score, runId: summary.runId });
      const current = this.#bestModel;
      if (
        t.final &&
        summary.model &&
        score !== null &&
        // Ties go to the earlier trial, as runSearch ranks them, whichever finished first.
        (!current ||
          ranksBefore({ number: t.number, score }, current, (a, b) => isBetter(req.primaryMetric, a, b)))
      ) {
        this.#bestModel = { number: t.number, score, summary };
      }
      return score;
    } catch (err) {
      epochs.flush();
      const cancelled = isAbortError(err);
      this.#patch(t.number, {
        status: cancelled ? 'cancelled' : 'failed',
        error: cancelled ? null : toShownError(err).message,
      });
      await closeOrphanedRun(await this.open.services.db(), runId, err);
      throw err;
    } finally {
      this.runsChanged++;
    }
  }

  async #register(req: SearchRequest, summary: TrainSummary, best: Trial): Promise<void> {
    const db = await this.open.services.db();
    const version = await getVersion(db, req.datasetVersionId);
    const model = summary.model;
    if (!version || !model)
      throw new Error('The dataset version of this search no longer exists: no model was registered.');
    const saved = await saveModelVersion(
      db,
      modelVersionOf({
        projectId: this.open.id,
        name: req.modelName,
        datasetVersion: version,
        ...(req.recipeVersionId ? { recipeVersionId: req.recipeVersionId } : {}),
        // The best trial's settings: the base job with its drawn parameters and budget.
        job: { ...req.job, model: applyParams(req.job.model, best.assignment, best.budget) },
        runId: summary.runId,
        result: summary,
        kpiResults: summary.kpiResults,
        classes: model.classes,
        fittedRecipe: model.fittedRecipe,
        model: model.serialized,
      }),
    );
    await updateRun(db, summary.runId, { modelVersionId: saved.id });
    this.best = {
      trial: best.number,
      runId: summary.runId,
      modelVersionId: saved.id,
      version: saved.version,
    };
    await this.open.training.refreshModels();
  }
}
