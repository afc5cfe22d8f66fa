/**
 * Evaluate's state for the open project: the model being looked at, the views of its held-out
 * predictions (computed in the evaluation worker), the binary threshold and its value, a
 * confusion cell's rows, segments, the KPI matrix across models, "Pick best", and the paired
 * comparison of two models. Explanations live in ExplanationState (explanations.svelte.ts).
 */
import type {
  CellRowsResult,
  PairedResult,
  RowSort,
  SegmentsResult,
  ViewsResult,
} from '../protocol/evaluate';
import type { HeldOutSplit } from '../core/pipeline/types';
import type { KpiMatrixRow } from '../core/lifecycle/kpiMatrix';
import { primaryFromKpis, rankOnValidation } from '../core/lifecycle/kpiMatrix';
import {
  defaultPrimaryMetric,
  isClassificationMetric,
  isRegressionMetric,
} from '../core/lifecycle/metricCatalog';
import type { MetricName } from '../core/ml/types';
import {
  bestThreshold,
  nearestPoint,
  type ThresholdPoint,
  type ValueMatrix,
} from '../core/ml/evaluation/threshold';
import { setDecisionThreshold, type ModelVersionSummary } from '../store';
import { toShownError, type ShownError } from './errors';
import type { OpenProject } from './openProject.svelte';
import type { EvaluateClient } from './services';
import { isAbortError } from './workerClient';

export const DEFAULT_VALUE: ValueMatrix = { tp: 1, fp: -1, fn: -1, tn: 0 };

export class EvaluationState {
  /** The model chosen in the picker (null: the latest). */
  chosenId = $state<string | null>(null);
  split = $state<HeldOutSplit>('test');
  views = $state.raw<ViewsResult | null>(null);
  viewsFor = $state<string | null>(null);
  loading = $state(false);
  error = $state.raw<ShownError | null>(null);
  /** The threshold the control is at (binary). */
  threshold = $state(0.5);
  cell = $state.raw<{
    actual: number;
    predicted: number;
    sort: RowSort;
    descending: boolean;
    rows: CellRowsResult;
  } | null>(null);
  segments = $state.raw<SegmentsResult | null>(null);
  matrix = $state.raw<KpiMatrixRow[] | null>(null);
  matrixError = $state.raw<ShownError | null>(null);
  paired = $state.raw<(PairedResult & { a: string; b: string; metric: MetricName }) | null>(null);
  pairedError = $state.raw<ShownError | null>(null);
  saved = $state('');

  #client: EvaluateClient | undefined;

  constructor(private readonly open: OpenProject) {}

  get client(): EvaluateClient {
    this.#client ??= this.open.services.createEvaluateWorker();
    return this.#client;
  }

  dispose(): void {
    this.#client?.terminate();
    this.#client = undefined;
  }

  model = $derived.by((): ModelVersionSummary | null => {
    const models = this.open.training.models;
    return models.find((m) => m.id === this.chosenId) ?? models.at(-1) ?? null;
  });

  /** The primary metric: the framing's, else the first KPI's metric for this task, else the task's default. */
  primaryMetric = $derived.by((): MetricName | null => {
    const model = this.model;
    if (!model) return null;
    const framing = this.open.project?.framing;
    if (framing?.task === model.task && framing.primaryMetric) return framing.primaryMetric;
    const fits = (m: MetricName) =>
      model.task === 'classification' ? isClassificationMetric(m) : isRegressionMetric(m);
    const kpis = (this.open.project?.goal.kpis ?? []).filter((k) => fits(k.metric));
    return primaryFromKpis(kpis, defaultPrimaryMetric(model.task));
  });

  valueMatrix = $derived.by((): ValueMatrix => this.open.project?.goal.valueMatrix ?? DEFAULT_VALUE);

  /** The views of the chosen split. */
  current = $derived.by(
    () => this.views?.sets.find((s) => s.split === this.split)?.views ?? this.views?.sets[0]?.views ?? null,
  );

  sweep = $derived.by((): ThresholdPoint[] | null =>
    this.current?.task === 'classification' ? (this.current.sweep ?? null) : null,
  );
  point = $derived.by(() => (this.sweep ? nearestPoint(this.sweep, this.threshold) : null));
  best = $derived.by(() => (this.sweep ? bestThreshold(this.sweep, this.valueMatrix) : null));

  select(modelId: string): void {
    this.chosenId = modelId;
  }

  /** Reads the views of the chosen model's run (called when Evaluate opens or the model changes). */
  async load(): Promise<void> {
    const model = this.model;
    if (!model?.runId || this.viewsFor === model.id) return;
    this.viewsFor = model.id;
    this.loading = true;
    this.error = null;
    this.views = null;
    this.cell = null;
    this.segments = null;
    this.threshold = model.threshold ?? 0.5;
    try {
      const views = await this.client.send('views', { runId: model.runId });
      if (this.viewsFor !== model.id) return;
      this.views = views;
      if (!views.sets.some((s) => s.split === this.split)) this.split = views.sets.at(-1)?.split ?? 'test';
    } catch (err) {
      if (this.viewsFor === model.id) this.error = toShownError(err);
    } finally {
      if (this.viewsFor === model.id) this.loading = false;
    }
  }

  setSplit(split: HeldOutSplit): void {
    this.split = split;
    this.cell = null;
    this.segments = null;
  }

  /** Opens a confusion cell: its rows with prediction and probability. */
  async openCell(
    actual: number,
    predicted: number,
    sort: RowSort = 'probability',
    descending = true,
  ): Promise<void> {
    const model = this.model;
    if (!model?.runId) return;
    const binary = model.task === 'classification' && model.classes.length === 2;
    try {
      const rows = await this.client.send('cellRows', {
        runId: model.runId,
        split: this.split,
        actual,
        predicted,
        ...(binary ? { threshold: this.threshold } : {}),
        sort,
        descending,
        limit: 200,
      });
      this.cell = { actual, predicted, sort, descending, rows };
    } catch (err) {
      this.error = toShownError(err);
    }
  }

  sortCell(sort: RowSort): void {
    const c = this.cell;
    if (c) void this.openCell(c.actual, c.predicted, sort, c.sort === sort ? !c.descending : true);
  }

  async loadSegments(column: string): Promise<void> {
    const model = this.model;
    const metric = this.primaryMetric;
    if (!model?.runId || !metric) return;
    const kpi = this.open.project?.goal.kpis.find((k) => k.metric === metric);
    try {
      this.segments = await this.client.send('segments', {
        runId: model.runId,
        split: this.split,
        column,
        metric,
        ...(kpi ? { kpi: { op: kpi.op, threshold: kpi.threshold } } : {}),
      });
    } catch (err) {
      this.error = toShownError(err);
    }
  }

  /** Saves the control's threshold with the model version (scoring and the report use it). */
  async saveThreshold(): Promise<void> {
    const model = this.model;
    if (!model) return;
    try {
      await setDecisionThreshold(await this.open.services.db(), model.id, this.threshold);
      await this.open.training.refreshModels();
      this.saved = `Threshold ${this.threshold.toFixed(2)} saved with ${model.name} v${model.version}.`;
    } catch (err) {
      this.error = toShownError(err);
    }
  }

  /** Candidates of the KPI matrix: the project's models of the chosen model's task and target. */
  candidates = $derived.by(() => {
    const model = this.model;
    return this.open.training.models.filter(
      (m) => model && m.task === model.task && m.target === model.target && m.runId,
    );
  });

  async loadMatrix(): Promise<void> {
    const kpis = this.open.project?.goal.kpis ?? [];
    this.matrixError = null;
    try {
      this.matrix = await this.client.send('matrix', {
        candidates: this.candidates.map((m) => ({
          id: m.id,
          label: `${m.name} v${m.version}`,
          runId: m.runId!,
        })),
        kpis: $state.snapshot(kpis),
        seed: 1,
      });
    } catch (err) {
      if (!isAbortError(err)) this.matrixError = toShownError(err);
    }
  }

  /** "Pick best": the top model by the KPIs, then the primary metric, on validation only. */
  pickBest(): ModelVersionSummary | null {
    const metric = this.primaryMetric;
    if (!metric) return null;
    const best = rankOnValidation(this.candidates, this.open.project?.goal.kpis ?? [], metric)[0];
    if (best) this.select(best.model.id);
    return best?.model ?? null;
  }

  async compare(otherId: string): Promise<void> {
    const a = this.model;
    const b = this.open.training.models.find((m) => m.id === otherId);
    const metric = this.primaryMetric;
    this.pairedError = null;
    if (!a?.runId || !b?.runId || !metric) return;
    try {
      const result = await this.client.send('paired', {
        runA: a.runId,
        runB: b.runId,
        split: this.split,
        metric,
        seed: 1,
      });
      this.paired = { ...result, a: `${a.name} v${a.version}`, b: `${b.name} v${b.version}`, metric };
    } catch (err) {
      this.pairedError = toShownError(err);
    }
  }
}
