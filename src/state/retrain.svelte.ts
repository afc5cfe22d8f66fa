import type { CompareSummary } from '../protocol/monitor';
import type { Kpi } from '../core/lifecycle/kpi';
import type { ModelSpec } from '../core/ml/models/spec';
import type { ScoredBatch } from '../store';
import { retrainPlan } from './retrainPlan';
import { toShownError, type ShownError } from './errors';
import type { MonitorState } from './monitor.svelte';
import type { OpenProject } from './openProject.svelte';

export type RetrainStatus = 'idle' | 'building' | 'training' | 'comparing' | 'done' | 'failed';

/**
 * Retraining from an alert or by hand: a new dataset version (the champion's training data with
 * the labelled batches appended, or only a window of the latest batches; lineage parents set by
 * the append), the same recipe, model
 * settings, split and seed trained on it (the Train flow, so a run and a model version are
 * recorded), then champion and retrained model compared on the latest labelled batch with the
 * paired tests. The retrained model joins the challengers; promotion is the user's decision.
 */
export class RetrainState {
  status = $state<RetrainStatus>('idle');
  error = $state.raw<ShownError | null>(null);
  versionId = $state<string | null>(null);
  modelId = $state<string | null>(null);
  championId = $state<string | null>(null);
  comparison = $state.raw<CompareSummary | null>(null);
  /** The batch the comparison was made on. */
  holdout = $state.raw<ScoredBatch | null>(null);

  /** Train on only this many of the latest labelled batches; null: the champion's data and every batch. */
  window = $state<number | null>(null);

  plan = $derived.by(() => retrainPlan(this.monitor.production, this.monitor.batches, this.window));

  constructor(
    private readonly open: OpenProject,
    private readonly monitor: MonitorState,
  ) {}

  async start(): Promise<void> {
    const plan = this.plan;
    const project = this.open.project;
    if (typeof plan === 'string' || !project || this.busy) return;
    const { champion, base, appended, holdout } = plan;
    const { split, seed } = champion;
    if (!split || seed === undefined) {
      this.status = 'failed';
      this.error = {
        message: `${champion.name} v${champion.version} has no recorded split or seed, so it cannot be retrained the same way. Train it again in Train.`,
        details: [],
        more: 0,
      };
      return;
    }
    this.error = null;
    this.comparison = null;
    this.modelId = null;
    this.championId = champion.id;
    this.holdout = holdout;
    try {
      this.status = 'building';
      // A window of one batch trains on that batch's version as it is: no new version is needed.
      const versionId = appended.length
        ? (
            await this.open.services.dataWorker().send('prepApply', {
              projectId: this.open.id,
              versionId: base,
              op: { kind: 'append', otherVersionIds: appended },
            })
          ).versionId
        : base;
      this.versionId = versionId;
      await this.open.data.refresh();

      this.status = 'training';
      await this.open.training.train({
        datasetVersionId: versionId,
        ...(champion.recipeVersionId ? { recipeVersionId: champion.recipeVersionId } : {}),
        job: {
          target: champion.target,
          task: champion.task,
          recipe: champion.fittedRecipe.spec,
          model: champion.spec as ModelSpec,
          split,
          seed,
        },
        modelName: champion.name,
        kpis: $state.snapshot(project.goal.kpis) as Kpi[],
      });
      const trained = this.open.training.result?.modelVersionId;
      if (this.open.training.status !== 'finished' || !trained) {
        throw new Error(this.open.training.error?.message ?? 'The retraining did not finish.');
      }
      this.modelId = trained;

      this.status = 'comparing';
      this.comparison = await this.monitor.client.send('compareModels', {
        championId: champion.id,
        challengerId: trained,
        datasetVersionId: holdout.datasetVersionId!,
      });
      // From now on it is scored in the shadow of production.
      await this.monitor.setChallenger(trained, true);
      this.status = 'done';
    } catch (err) {
      this.error = toShownError(err);
      this.status = 'failed';
    }
  }

  get busy(): boolean {
    return this.status === 'building' || this.status === 'training' || this.status === 'comparing';
  }

  /**
   * Asks the registry to promote the retrained model: the production gate applies, and when it
   * wants a written reason the registry's pending move asks for one (nothing changes until then).
   */
  async promote(): Promise<boolean> {
    const model = this.open.training.models.find((m) => m.id === this.modelId);
    if (!model) return false;
    return this.open.registry.move(model, 'production');
  }
}
