/**
 * Explanations of the model Evaluate looks at, in the evaluation worker, with progress and
 * Cancel: permutation importance, partial dependence with ICE, and one row's reasons.
 */
import type { EvaluateEvents, ReasonsResult } from '../protocol/evaluate';
import type { FeatureImportance } from '../core/ml/explain/permutation';
import type { PartialDependence } from '../core/ml/explain/partialDependence';
import type { MetricName } from '../core/ml/types';
import { toShownError, type ShownError } from './errors';
import type { EvaluationState } from './evaluation.svelte';
import { isAbortError } from './workerClient';

export type ExplainTask = 'importance' | 'dependence' | 'reasons';

export class ExplanationState {
  running = $state<ExplainTask | null>(null);
  progress = $state<{ done: number; total: number } | null>(null);
  importance = $state.raw<{ metric: MetricName; items: FeatureImportance[] } | null>(null);
  dependence = $state.raw<PartialDependence | null>(null);
  reasons = $state.raw<ReasonsResult | null>(null);
  error = $state.raw<ShownError | null>(null);
  cancelled = $state(false);

  #abort: AbortController | undefined;

  constructor(private readonly evaluation: EvaluationState) {}

  /** Forgets what was explained (another model was chosen). */
  clear(): void {
    this.cancel();
    this.importance = null;
    this.dependence = null;
    this.reasons = null;
    this.error = null;
  }

  cancel(): void {
    this.#abort?.abort();
  }

  async #run<T>(
    task: ExplainTask,
    work: (
      signal: AbortSignal,
      onEvent: (n: 'progress', d: EvaluateEvents['progress']) => void,
    ) => Promise<T>,
  ): Promise<T | null> {
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    this.running = task;
    this.progress = null;
    this.error = null;
    this.cancelled = false;
    try {
      return await work(abort.signal, (_n, d) => (this.progress = { done: d.done, total: d.total }));
    } catch (err) {
      if (isAbortError(err)) this.cancelled = true;
      else this.error = toShownError(err);
      return null;
    } finally {
      if (this.#abort === abort) {
        this.running = null;
        this.progress = null;
      }
    }
  }

  async runImportance(repeats = 5, maxRows = 2000): Promise<void> {
    const model = this.evaluation.model;
    const metric = this.evaluation.primaryMetric;
    if (!model || !metric) return;
    const items = await this.#run('importance', (signal, onEvent) =>
      this.evaluation.client.send(
        'importance',
        { modelId: model.id, metric, repeats, maxRows, seed: 1 },
        { signal, onEvent },
      ),
    );
    if (items) this.importance = { metric, items };
  }

  async runDependence(column: string, output?: number): Promise<void> {
    const model = this.evaluation.model;
    if (!model) return;
    const pd = await this.#run('dependence', (signal, onEvent) =>
      this.evaluation.client.send(
        'dependence',
        { modelId: model.id, column, ...(output === undefined ? {} : { output }) },
        { signal, onEvent },
      ),
    );
    if (pd) this.dependence = pd;
  }

  async explainRow(rowId: number): Promise<void> {
    const model = this.evaluation.model;
    if (!model) return;
    const r = await this.#run('reasons', (signal, onEvent) =>
      this.evaluation.client.send('reasons', { modelId: model.id, rowId, seed: 1 }, { signal, onEvent }),
    );
    if (r) this.reasons = r;
  }
}
