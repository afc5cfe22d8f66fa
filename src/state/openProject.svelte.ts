import { untrack } from 'svelte';
import type { Goal, Project } from '../store';
import type { ModelSpec } from '../core/ml/models/spec';
import { defaultSpec } from '../core/ml/models/spec';
import { defaultPrimaryMetric } from '../core/lifecycle/metricCatalog';
import { defaultSearchSpace } from '../core/experiments/space';
import type { TrainJob } from '../core/pipeline/types';
import type { PrepOp } from '../core/prep';
import { DataState } from './data.svelte';
import { EvaluationState } from './evaluation.svelte';
import { ExperimentsState } from './experiments.svelte';
import { ExplanationState } from './explanations.svelte';
import { ReportReader } from './reportReader.svelte';
import { ExploreState } from './explore.svelte';
import { FramingState } from './framing.svelte';
import { PrepState, type AppliedStep } from './prep.svelte';
import { draftToOp, emptyDraft, guessJoinKey, type OpDraft } from './prepDraft';
import { ScoringState } from './scoring.svelte';
import { MonitorState } from './monitor.svelte';
import { RetrainState } from './retrain.svelte';
import { RegistryState } from './registry.svelte';
import { browserId } from './browserId';
import { APP } from './report';
import { SearchState, type SearchSettings } from './search.svelte';
import type { PageServices } from './services';
import { timeColumnChoices, toSplitConfig } from './splitForm';
import {
  defaultMinBudget,
  defaultTrainForm,
  madeForKey,
  readTrainForm,
  saveTrainForm,
  type TrainForm,
} from './trainForm';
import { TrainingState } from './training.svelte';
import type { Workbench } from './workbench.svelte';

/** How long the Prepare step waits after the last keystroke before previewing. */
const PREVIEW_DELAY_MS = 250;

/**
 * The open project: made when the user opens a project, disposed when they open another. It owns
 *
 * - what is selected: the dataset version (`data.selectedVersion`), the recipe version in force
 *   (`recipe`), the model versions (`training.models`);
 * - the per-project states, each built with it: `data`, `explore`, `prep`, `framing`, `training`,
 *   `search`, `experiments`, `scoring`, `registry` (stages, gate, audit log, model files);
 * - the kept drafts: the Prepare step being built (`prepStep`) and the Train form (`trainForm`,
 *   also kept in localStorage);
 * - what is derived from them: `trainJob`, `busy`;
 * - the reactions that start work when a selection changes (`#reactions`): components read,
 *   bind and call methods, and start no work themselves.
 *
 * Its methods and its states' methods are the user's actions; none takes a project or version
 * argument. A new state class for the open project is a field made in the constructor (given
 * `this`) and, if it holds workers or timers, stopped in `dispose()`.
 */
export class OpenProject {
  readonly id: string;
  readonly workbench: Workbench;
  readonly services: PageServices;

  readonly data: DataState;
  readonly explore: ExploreState;
  readonly prep: PrepState;
  readonly framing: FramingState;
  readonly training: TrainingState;
  readonly search: SearchState;
  readonly experiments: ExperimentsState;
  readonly scoring: ScoringState;
  readonly evaluation: EvaluationState;
  readonly explanations: ExplanationState;
  readonly reportReader = new ReportReader();
  readonly monitor: MonitorState;
  readonly retrain: RetrainState;
  readonly registry: RegistryState;

  /** The project record as stored now (a new object after every save). */
  project = $derived.by((): Project | null => this.workbench.projects.find((p) => p.id === this.id) ?? null);

  /** The Prepare step being built: leaving the phase and coming back finds it as it was left. */
  prepStep = $state<OpDraft>(emptyDraft());

  /** The Train form (one model or a search, model settings, split, seed, name), kept per project. */
  trainForm = $state<TrainForm>(defaultTrainForm('classification', 0));

  /** The recipe in force: the framing's recipe version, null while it has problems. */
  recipe = $derived.by(() => this.framing.recipe);

  /** What "Train model" and "Start search" would train, or null until target and recipe are ready. */
  trainJob = $derived.by((): TrainJob | null => {
    const framing = this.project?.framing;
    const recipe = this.recipe;
    if (!framing || !recipe) return null;
    return {
      target: framing.target,
      task: framing.task,
      recipe: recipe.spec,
      model: $state.snapshot(this.trainForm.spec) as ModelSpec,
      split: toSplitConfig(this.trainForm.split),
      seed: this.trainForm.seed,
    };
  });

  /** A training or a search of this project is under way. */
  busy = $derived.by(
    () =>
      this.training.status === 'running' ||
      this.search.status === 'running' ||
      this.search.status === 'checking',
  );

  #stop: () => void;

  constructor(workbench: Workbench, id: string) {
    this.workbench = workbench;
    this.id = id;
    this.services = workbench.services;
    this.data = new DataState(this);
    this.explore = new ExploreState(this);
    this.prep = new PrepState(this);
    this.framing = new FramingState(this);
    this.training = new TrainingState(this);
    this.search = new SearchState(this);
    this.experiments = new ExperimentsState(this);
    this.scoring = new ScoringState(this.services);
    this.evaluation = new EvaluationState(this);
    this.explanations = new ExplanationState(this.evaluation);
    this.monitor = new MonitorState(this);
    this.retrain = new RetrainState(this, this.monitor);
    this.registry = new RegistryState({
      projectId: id,
      db: () => this.services.db(),
      who: () => browserId(this.services.storage),
      onChanged: () => this.training.refreshModels(),
      scorerUrl: `${import.meta.env.BASE_URL}score.mjs`,
      appVersion: APP.version,
      createExportWorker: () => this.services.createExportWorker(),
    });
    const task = this.project?.framing?.task ?? 'classification';
    // Rows are not known before the versions are read: the form's model settings are made again
    // for the real row count when they are (madeFor, in #reactions).
    this.trainForm = readTrainForm(this.services.storage, id, task) ?? defaultTrainForm(task, 0);
    // Each project's datasets and models are read when it is opened.
    void this.data.refresh();
    void this.training.refreshModels();
    void this.monitor.refresh();
    void this.registry.load();
    this.#stop = $effect.root(() => this.#reactions());
  }

  /** Stops the project's reactions, its own workers and its page-side reads. Trainings run on. */
  dispose(): void {
    this.#stop();
    this.framing.dispose();
    this.scoring.dispose();
    this.registry.dispose();
    this.explanations.cancel();
    this.evaluation.dispose();
    this.monitor.dispose();
    this.data.cancelProfile();
    this.explore.reset();
  }

  /** Changes the stored project record as `change` makes it (one transaction). */
  modify(change: (project: Project) => Project): Promise<void> {
    return this.workbench.modifyProject(this.id, change);
  }

  /** Saves the goal as `change` makes it from the stored one, and the name when given. */
  saveGoal(change: (goal: Goal) => Goal, name?: string): Promise<void> {
    return this.modify((stored) => ({ ...stored, goal: change(stored.goal), ...(name ? { name } : {}) }));
  }

  /**
   * Trains what the Train form says on the selected dataset version with the recipe in force:
   * one model (TrainingState.train) or a hyperparameter search (SearchState.start).
   */
  train(): void {
    const framing = this.project?.framing;
    const version = this.data.selectedVersion;
    const recipe = this.recipe;
    const job = this.trainJob;
    const project = this.project;
    if (!project || !framing || !version || !recipe || !job || this.busy) return;
    const form = this.trainForm;
    const common = {
      datasetVersionId: version.id,
      recipeVersionId: recipe.id,
      kpis: $state.snapshot(project.goal.kpis),
      job,
    };
    if (form.mode === 'single') {
      void this.training.train({
        ...common,
        modelName: form.modelName.trim() || `${framing.target} ${form.family}`,
      });
    } else {
      void this.search.start({
        ...common,
        modelName: form.modelName.trim() || `${framing.target} ${form.family} search`,
        primaryMetric: framing.primaryMetric ?? defaultPrimaryMetric(framing.task),
        settings: $state.snapshot(form.search) as SearchSettings,
      });
    }
  }

  /** The Prepare step as a step record for the selected version. */
  prepOp = $derived.by((): PrepOp | null => {
    const version = this.data.selectedVersion;
    return version ? draftToOp(this.prepStep, version.schema, version.id) : null;
  });

  /**
   * Applies the Prepare step to the selected version (a new version, selected); the form starts
   * empty again on the same kind of step.
   */
  async applyStep(): Promise<AppliedStep | null> {
    const version = this.data.selectedVersion;
    const op = this.prepOp;
    if (!version || !op) return null;
    const step = await this.prep.apply(op);
    if (step) this.prepStep = { ...emptyDraft(), kind: this.prepStep.kind };
    return step;
  }

  /** The work each selection starts. Each reaction says what it follows. */
  #reactions(): void {
    // The framing's recipe version is read whenever the framing points at another one.
    $effect(() => {
      void this.project?.framing?.recipeVersionId;
      untrack(() => void this.framing.loadRecipe());
    });

    // Framing: the target checks follow the target and the dataset version in use.
    $effect(() => {
      if (this.workbench.phase !== 'framing') return;
      const version = this.data.selectedVersion;
      const framing = this.project?.framing;
      const target = framing?.target ?? '';
      const task = framing?.task;
      untrack(() => {
        if (version && version.schema.some((c) => c.name === target)) {
          void this.framing.check(version.id, target, task);
        } else this.framing.clear();
      });
    });

    // Framing: the recipe preview follows the recipe, the traced column and the Train form's split.
    $effect(() => {
      if (this.workbench.phase !== 'framing') return;
      const version = this.data.selectedVersion;
      const target = this.project?.framing?.target ?? '';
      if (!version || !version.schema.some((c) => c.name === target)) return;
      if (this.framing.current?.projectId !== this.id) return;
      void this.framing.requestPreview();
    });

    // Train form: kept in localStorage as it changes.
    $effect(() => {
      saveTrainForm(this.services.storage, this.id, $state.snapshot(this.trainForm) as TrainForm);
    });

    // Train form: another task or dataset size (a new framing or data version) resets the model
    // settings to that task's defaults; a new family (or task) brings its own search space.
    $effect(() => {
      const version = this.data.selectedVersion;
      const framing = this.project?.framing;
      if (!version || !framing) return;
      const form = this.trainForm;
      const key = madeForKey(framing.task, version.rowCount);
      if (form.madeFor !== key) {
        form.madeFor = key;
        form.spec = defaultSpec(form.family, framing.task, version.rowCount);
      }
      if (form.search.space.family !== form.family) {
        form.search.space = defaultSearchSpace(form.family, framing.task);
        form.search.minBudget = defaultMinBudget(form.family, framing.task);
      }
    });

    // Train form: an out-of-time split needs a time column of this version; the first date-like
    // one is the natural choice, and the user can choose another.
    $effect(() => {
      const version = this.data.selectedVersion;
      const target = this.project?.framing?.target;
      const split = this.trainForm.split;
      if (!version || target === undefined || split.kind !== 'outOfTime') return;
      const choices = timeColumnChoices(version.schema, target);
      if (!choices.some((c) => c.name === split.timeColumn)) split.timeColumn = choices[0]?.name ?? '';
    });

    // Experiments: runs are reread when the phase opens and whenever a training or trial ends.
    $effect(() => {
      if (this.workbench.phase !== 'experiments') return;
      void this.training.runsChanged;
      void this.search.runsChanged;
      untrack(() => void this.experiments.refresh());
    });

    // Evaluate: the views of the chosen model are read when the phase opens and when another
    // model is chosen (or a newly trained one becomes the latest); its explanations are dropped.
    $effect(() => {
      if (this.workbench.phase !== 'evaluate') return;
      const id = this.evaluation.model?.id;
      untrack(() => {
        if (id && this.evaluation.viewsFor !== id) {
          this.explanations.clear();
          void this.evaluation.load();
        }
      });
    });

    // Explore: opening the phase starts on the columns.
    $effect(() => {
      if (this.workbench.phase === 'explore') untrack(() => this.explore.show('columns'));
    });

    // Explore: the profile follows the selected version; what the view on screen shows follows
    // the version, the view and the columns, page, order and filter chosen in it.
    $effect(() => {
      if (this.workbench.phase !== 'explore') return;
      const id = this.data.selectedVersion?.id;
      if (!id) return;
      untrack(() => {
        this.explore.use(id);
        void this.data.loadProfile(id);
      });
      this.explore.load(id);
    });

    // Prepare: a valid step is previewed in the worker shortly after the user stops typing.
    $effect(() => {
      if (this.workbench.phase !== 'prepare') return;
      const version = this.data.selectedVersion;
      const op = this.prepOp;
      if (!version || !op) return;
      const snapshot = $state.snapshot(op) as PrepOp;
      const valid = this.prep.problems(op, version).length === 0;
      if (!valid) {
        untrack(() => this.prep.preview.clear());
        return;
      }
      const timer = setTimeout(
        () => untrack(() => this.prep.runPreview(version.id, snapshot)),
        PREVIEW_DELAY_MS,
      );
      return () => clearTimeout(timer);
    });

    // Prepare: a join keeps pointing at real columns; a new right-hand version gets a guessed key pair.
    $effect(() => {
      if (this.workbench.phase !== 'prepare' || this.prepStep.kind !== 'join') return;
      const version = this.data.selectedVersion;
      if (!version) return;
      const step = this.prepStep;
      const others = this.data.versions.filter((v) => v.id !== version.id);
      const right = this.data.versions.find((v) => v.id === step.rightVersionId) ?? others[0] ?? version;
      untrack(() => {
        if (step.rightVersionId !== right.id) step.rightVersionId = right.id;
        const valid = step.keys.every(
          (k) =>
            version.schema.some((c) => c.name === k.left) && right.schema.some((c) => c.name === k.right),
        );
        if (!valid || step.keys.length === 0) step.keys = [guessJoinKey(version.schema, right.schema)];
      });
    });
  }
}
