import type { ScoreBatchSummary } from '../protocol/monitor';
import { listScoredBatches, type ModelVersionSummary, type ScoredBatch } from '../store';
import { thresholdsOf, type MonitoringThresholds } from '../core/monitoring/alert';
import type { Kpi } from '../core/lifecycle/kpi';
import { downloadBlob } from './download';
import { toShownError, type ShownError } from './errors';
import type { OpenProject } from './openProject.svelte';
import type { ScoreClient } from './services';
import { isAbortError } from './workerClient';

/** The shipped later batches of the monitoring sample (public/samples, see SOURCES.md). */
export const SAMPLE_BATCHES = [
  { id: 'weather-drift-batch-1-2013', label: '2013' },
  { id: 'weather-drift-batch-2-2014', label: '2014' },
  { id: 'weather-drift-batch-3-summer-2015', label: 'summer 2015' },
] as const;

/**
 * Monitoring of the open project: the challengers scored beside production, the batches scored
 * (each a stored record), the alert raised by the latest one. Scoring runs in a score worker of
 * its own; only production's predictions come back for download.
 */
export class MonitorState {
  batches = $state.raw<ScoredBatch[]>([]);
  running = $state(false);
  fraction = $state<number | null>(null);
  error = $state.raw<ShownError | null>(null);
  /** The last batch scored here (its predictions CSV is kept for download). */
  last = $state.raw<ScoreBatchSummary | null>(null);

  production = $derived.by(
    (): ModelVersionSummary | null =>
      this.open.training.models.find((m) => m.status === 'production') ?? null,
  );
  /** Challengers that still exist and are not production. */
  challengers = $derived.by((): ModelVersionSummary[] => {
    const ids = this.open.project?.challengerIds ?? [];
    return this.open.training.models.filter((m) => ids.includes(m.id) && m.status !== 'production');
  });
  thresholds = $derived.by((): MonitoringThresholds => thresholdsOf(this.open.project?.goal));
  /** The latest batch scored by the production model now in place, if any. */
  latest = $derived.by((): ScoredBatch | null => {
    const id = this.production?.id;
    return this.batches.findLast((b) => b.modelId === id) ?? null;
  });
  /** The alert in the page: the latest batch of the production model, when it calls for action. */
  alert = $derived.by((): ScoredBatch | null => (this.latest?.alert.level === 'act' ? this.latest : null));

  #client: ScoreClient | undefined;
  #abort: AbortController | undefined;

  constructor(private readonly open: OpenProject) {}

  get client(): ScoreClient {
    this.#client ??= this.open.services.createScoreWorker();
    return this.#client;
  }

  dispose(): void {
    this.#abort?.abort();
    this.#client?.terminate();
    this.#client = undefined;
  }

  async refresh(): Promise<void> {
    this.batches = await listScoredBatches(await this.open.services.db(), this.open.id);
  }

  /** Adds or removes a challenger (kept on the project record). */
  async setChallenger(modelId: string, on: boolean): Promise<void> {
    await this.open.modify((p) => {
      const others = (p.challengerIds ?? []).filter((id) => id !== modelId);
      return { ...p, challengerIds: on ? [...others, modelId] : others };
    });
  }

  /** Saves the goal's drift thresholds. */
  async setThresholds(t: MonitoringThresholds): Promise<void> {
    await this.open.saveGoal((g) => ({ ...g, monitoring: { psiWatch: t.psiWatch, psiAct: t.psiAct } }));
  }

  /** Scores `file` with production and, in the shadow, the challengers; stores the batch. */
  async score(file: Blob, fileName: string): Promise<void> {
    const production = this.production;
    const project = this.open.project;
    if (!production || !project || this.running) return;
    const abort = (this.#abort = new AbortController());
    this.running = true;
    this.error = null;
    this.fraction = 0;
    try {
      this.last = await this.client.send(
        'scoreBatch',
        {
          projectId: this.open.id,
          modelVersionId: production.id,
          challengerIds: this.challengers.map((c) => c.id),
          file,
          fileName,
          kpis: $state.snapshot(project.goal.kpis) as Kpi[],
          thresholds: $state.snapshot(this.thresholds),
        },
        { signal: abort.signal, onEvent: (_n, p) => (this.fraction = p.fraction) },
      );
      await this.refresh();
      // A labelled batch became a dataset version: the Data phase and lineage show it.
      if (this.last.batch.datasetVersionId) await this.open.data.refresh();
    } catch (err) {
      if (!isAbortError(err)) this.error = toShownError(err);
    } finally {
      if (this.#abort === abort) {
        this.running = false;
        this.fraction = null;
      }
    }
  }

  /** Scores one of the shipped sample batches. */
  async scoreSample(id: string): Promise<void> {
    const response = await this.open.services.fetchSample(id);
    if (!response.ok) {
      this.error = {
        message: `The sample batch "${id}" could not be read (${response.status}).`,
        details: [],
        more: 0,
      };
      return;
    }
    await this.score(await response.blob(), `${id}.csv`);
  }

  cancel(): void {
    this.#abort?.abort();
  }

  /** Production's predictions of the last batch scored here. */
  download(): void {
    const last = this.last;
    if (!last) return;
    const base = last.batch.fileName.replace(/\.(csv|tsv|txt)$/i, '') || 'batch';
    downloadBlob(last.csv, `${base}-predictions.csv`);
  }
}
