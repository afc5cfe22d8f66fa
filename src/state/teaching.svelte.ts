import { defaultSpec } from '../core/ml/models/spec';
import { metricValue } from '../core/lifecycle/kpiEvaluation';
import type { MetricName, SplitName } from '../core/ml/types';
import type { OpenProject } from './openProject.svelte';
import { SAMPLE_BATCHES } from './monitor.svelte';
import { recipeFitDemo } from './leakDemo';
import { fmt, trainNow } from './tourTraining';
import { Welcome } from './welcome.svelte';
import type { Workbench } from './workbench.svelte';

const SAVED_KEY = 'workbench.tour';

/** The live demonstrations of the guided tour: each runs real trainings in the open project. */
export type DemoKind = 'overfit' | 'leak' | 'recipeFit' | 'outOfTime' | 'drift';

export interface DemoOutcome {
  kind: DemoKind;
  status: 'running' | 'done' | 'failed';
  /** What happened, in one or two sentences for the class. */
  text: string;
}

/**
 * Teaching mode: a guided tour a teacher runs in front of a class, phase by phase on a sample,
 * that can be left and resumed (the step is kept in localStorage with its project), with live
 * demonstrations that train real models: overfitting, a leaking column, a recipe fit on all rows
 * (leakDemo.ts), random versus out-of-time validation, and drift.
 */
export class TeachingTour {
  active = $state(false);
  step = $state(0);
  demo = $state.raw<DemoOutcome | null>(null);

  readonly #welcome: Welcome;

  constructor(private readonly workbench: Workbench) {
    this.#welcome = new Welcome(workbench);
  }

  /** The step a left tour stopped at, when its project still exists. */
  saved(): { projectId: string; step: number } | null {
    try {
      const raw = this.workbench.services.storage.getItem(SAVED_KEY);
      const saved = raw ? (JSON.parse(raw) as { projectId?: unknown; step?: unknown }) : null;
      if (typeof saved?.projectId !== 'string' || typeof saved.step !== 'number') return null;
      return this.workbench.projects.some((p) => p.id === saved.projectId)
        ? { projectId: saved.projectId, step: saved.step }
        : null;
    } catch {
      return null;
    }
  }

  /** Starts the tour on a fresh penguins sample project, or resumes where it was left. */
  async start(resume = true): Promise<void> {
    const saved = resume ? this.saved() : null;
    if (saved) {
      this.workbench.selectProject(saved.projectId);
      this.step = saved.step;
    } else {
      await this.#welcome.openSample('penguins');
      if (this.#welcome.error) throw new Error(this.#welcome.error.message);
      this.step = 0;
    }
    this.demo = null;
    this.active = true;
    this.#save();
  }

  go(step: number): void {
    this.step = Math.max(0, step);
    this.demo = null;
    this.#save();
  }

  /** Leaves the tour; start() resumes at this step. */
  leave(): void {
    this.active = false;
    this.#save();
  }

  /** The tour ran to its end: nothing to resume. */
  finish(): void {
    this.active = false;
    this.workbench.services.storage.setItem(SAVED_KEY, '');
  }

  async runDemo(kind: DemoKind): Promise<void> {
    if (this.demo?.status === 'running') return;
    this.demo = { kind, status: 'running', text: 'Training…' };
    try {
      const text =
        kind === 'overfit'
          ? await this.#overfit()
          : kind === 'leak'
            ? await this.#leak()
            : kind === 'recipeFit'
              ? await recipeFitDemo(await this.#sampleWithTrees('seattle-weather'))
              : kind === 'outOfTime'
                ? await this.#outOfTime()
                : await this.#drift();
      this.demo = { kind, status: 'done', text };
    } catch (err) {
      this.demo = { kind, status: 'failed', text: err instanceof Error ? err.message : String(err) };
    }
    this.#save();
  }

  #open(): OpenProject {
    const open = this.workbench.open;
    if (!open?.project?.framing) throw new Error('Open a sample project with a target first.');
    return open;
  }

  /** A wide network on a tenth of the rows: training loss falls, validation loss turns back up. */
  async #overfit(): Promise<string> {
    const open = this.#open();
    const rows = open.data.selectedVersion?.rowCount ?? 0;
    const task = open.project!.framing!.task;
    const form = open.trainForm;
    const base = defaultSpec('mlp', task, rows);
    if (base.family !== 'mlp') throw new Error('The network settings could not be made.');
    form.mode = 'single';
    form.family = 'mlp';
    form.spec = {
      ...base,
      hiddenLayers: [256, 256],
      dropout: 0,
      l2: 0,
      epochs: 150,
      earlyStopping: null,
    };
    Object.assign(form.split, { kind: 'holdout', testFraction: 0.3, validationFraction: 0.6 });
    const result = await trainNow(open);
    const curve = result.history.filter((p) => p.valLoss !== undefined && p.valLoss !== null);
    const lowest = curve.reduce(
      (a, b) => ((b.valLoss ?? Infinity) < (a.valLoss ?? Infinity) ? b : a),
      curve[0]!,
    );
    const last = curve.at(-1)!;
    return (
      `Trained on about ${Math.round(rows * 0.1)} rows for ${curve.length} epochs: the training loss fell to ` +
      `${fmt(last.loss)}, while the validation loss was lowest (${fmt(lowest.valLoss ?? null)}) at epoch ` +
      `${lowest.epoch} and ended at ${fmt(last.valLoss ?? null)}. After that point the network memorises ` +
      'the training rows instead of learning the species: that is overfitting.'
    );
  }

  /** A column that copies the target: a score too good to be true, and the leak warning. */
  async #leak(): Promise<string> {
    const open = this.#open();
    const { target, task } = open.project!.framing!;
    const clean = open.data.selectedVersion;
    if (!clean) throw new Error('Load the sample first.');
    const copy = `${target} (field note)`;
    const step = await open.prep.apply({ kind: 'derive', name: copy, expression: `[${target}]` });
    if (!step) throw new Error(open.prep.applyError?.message ?? 'The copy of the target could not be made.');
    await open.framing.chooseTarget(target, task);
    open.trainForm.mode = 'single';
    open.trainForm.family = 'linear';
    open.trainForm.spec = defaultSpec('linear', task, clean.rowCount);
    Object.assign(open.trainForm.split, { kind: 'holdout', testFraction: 0.2, validationFraction: 0.1 });
    const result = await trainNow(open);
    const metric = open.project!.framing!.primaryMetric;
    const score = metricValue(result.metrics.test, metric);
    const warned = open.framing.info?.leakage.some((l) => l.column === copy) ?? false;
    return (
      `With "${copy}" (a copy of ${target}) among the inputs, the test ${metric} is ${fmt(score)}: too good ` +
      `to be true. ${warned ? `Framing warns: possible leak in "${copy}".` : ''} At prediction time that ` +
      'column would not exist: drop it before training.'
    );
  }

  /** Opens sample project `id` with the Train form set to default boosted trees on a random holdout. */
  async #sampleWithTrees(id: string): Promise<OpenProject> {
    await this.#welcome.openSample(id);
    if (this.#welcome.error) throw new Error(this.#welcome.error.message);
    const open = this.#open();
    const form = open.trainForm;
    form.mode = 'single';
    form.family = 'gbdt';
    form.spec = defaultSpec('gbdt', 'classification', open.data.selectedVersion?.rowCount ?? 0);
    Object.assign(form.split, { kind: 'holdout', testFraction: 0.2, validationFraction: 0.1 });
    return open;
  }

  /** seattle-weather trained twice: judged on random days, then on the latest days. */
  async #outOfTime(): Promise<string> {
    const open = await this.#sampleWithTrees('seattle-weather');
    const metric: MetricName = 'accuracy';
    const form = open.trainForm;
    const random = await trainNow(open);
    Object.assign(form.split, { kind: 'outOfTime', timeColumn: 'date' });
    const later = await trainNow(open);
    const on = (m: typeof random.metrics, split: SplitName) => metricValue(m[split], metric);
    const onRandom = on(random.metrics, 'test');
    const onLater = on(later.metrics, 'outOfTime');
    // Said as measured: on this sample the gap depends on the seed, and can even go the other way.
    const verdict =
      onRandom !== null && onLater !== null && onRandom - onLater > 0.01
        ? 'Random days sit between days the model learnt from, so the random estimate was optimistic here'
        : 'Here the random estimate was not higher; it can be, because random days sit between days the ' +
          'model learnt from, and nothing in a random split shows how the model fares on a new season';
    return (
      `Judged on random days, accuracy ${fmt(onRandom)}; judged on the latest days it never saw, ` +
      `${fmt(onLater)}. ${verdict}. The out-of-time estimate is judged the way the model will be used: ` +
      'on days after the ones it learnt from.'
    );
  }

  /**
   * The weather drift sample: a model of 2012 put in production, then the three later batches
   * scored in Monitor. Says how far each batch drifted and how the accuracy held.
   */
  async #drift(): Promise<string> {
    const open = await this.#sampleWithTrees('weather-drift');
    const result = await trainNow(open);
    const model = open.training.models.find((m) => m.id === result.modelVersionId);
    if (!model) throw new Error('The trained model is not in the registry.');
    const moved = await open.registry.move(model, 'production', 'Teaching demonstration: drift.');
    if (!moved) throw new Error(open.registry.error || 'The model could not be put in production.');
    await open.monitor.refresh();
    for (const batch of SAMPLE_BATCHES) {
      await open.monitor.scoreSample(batch.id);
      if (open.monitor.error) throw new Error(open.monitor.error.message);
    }
    // Dates always lie past the training period: they are shown in Monitor but say nothing here.
    const dates = model.fittedRecipe.inputSchema.filter((c) => c.type === 'date').map((c) => c.name);
    const lines = SAMPLE_BATCHES.map((sample) => {
      const batch = open.monitor.batches.find((b) => b.fileName === `${sample.id}.csv`);
      if (!batch) return `${sample.label}: not scored`;
      const top = batch.analysis.drift
        .filter((d) => !dates.includes(d.name))
        .reduce<(typeof batch.analysis.drift)[number] | null>((a, d) => (!a || d.psi > a.psi ? d : a), null);
      const accuracy = metricValue(batch.metrics, 'accuracy');
      return `${sample.label}: ${batch.alert.level}${top ? ` (most drifted: ${top.name}, PSI ${fmt(top.psi)})` : ''}, accuracy ${fmt(accuracy)}`;
    });
    const trainedOn = metricValue(result.metrics.test, 'accuracy');
    return (
      `Trained on 2012 (test accuracy ${fmt(trainedOn)}), put in production, then three later batches: ` +
      `${lines.join('; ')}. When the inputs move away from what the model learnt, Monitor raises the ` +
      'alert, and the loop starts again: retrain on the newer data, compare, promote.'
    );
  }

  #save(): void {
    const projectId = this.workbench.open?.id;
    if (!projectId) return;
    this.workbench.services.storage.setItem(SAVED_KEY, JSON.stringify({ projectId, step: this.step }));
  }
}
