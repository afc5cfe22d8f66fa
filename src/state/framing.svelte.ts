import type { PreviewSplit, RecipePreview, TargetInfo } from '../protocol/data';
import type { MetricName, Task } from '../core/ml/types';
import type { RecipeProblem, RecipeSpec } from '../core/features/types';
import { defaultRecipe } from '../core/features/defaults';
import { parseRecipe } from '../core/features/parse';
import { validateRecipe } from '../core/features/validate';
import { defaultPrimaryMetric } from '../core/lifecycle/metricCatalog';
import {
  getRecipeVersion,
  saveRecipeVersion,
  type DatasetVersion,
  type Project,
  type RecipeVersion,
} from '../store';
import { downloadBlob, safeFileName } from './download';
import { toShownError, type ShownError } from './errors';
import type { OpenProject } from './openProject.svelte';
import type { DataClient } from './services';
import { toSplitConfig } from './splitForm';
import { isAbortError } from './workerClient';

/** What an exported recipe file says it is; parseRecipe reads `formatVersion` and `steps`. */
const RECIPE_FILE_FORMAT = 'lifecycle-workbench/recipe';
/** A recipe is a few kilobytes; anything far larger is not one. */
const MAX_RECIPE_FILE_BYTES = 1_000_000;

/** A parse error's first line as the message, its "• …" lines as details. */
function shownFrom(err: unknown, prefix: string): ShownError {
  const [first = '', ...rest] = (err instanceof Error ? err.message : String(err)).split('\n');
  return { message: `${prefix}${first}`, details: rest.map((l) => l.replace(/^•\s*/, '')), more: 0 };
}

/**
 * Framing of the open project: target checks, and its feature recipe as a chain of immutable
 * recipe versions (each edit a new version whose parent is the previous one), validated as it is
 * edited and previewed in a data worker of its own on a sample of the training rows.
 */
export class FramingState {
  info = $state.raw<TargetInfo | null>(null);
  checking = $state(false);
  error = $state.raw<ShownError | null>(null);

  /** The recipe version the project's framing references, valid or not. */
  current = $state.raw<RecipeVersion | null>(null);
  /** 1 for a first recipe, +1 per edit (Undo goes back one). */
  depth = $state(0);
  saving = $state(false);
  /** What the last edit did, for a status line. */
  notice = $state('');
  editError = $state.raw<ShownError | null>(null);

  preview = $state.raw<RecipePreview | null>(null);
  /** The recipe version the preview was computed for. */
  previewRecipeId = $state<string | null>(null);
  previewing = $state(false);
  previewError = $state.raw<ShownError | null>(null);

  /**
   * The split the preview fits on: the one the Train form is set to (kept per project), with its
   * seed, so the preview sees the training rows a training would.
   */
  previewSplit = $derived.by((): PreviewSplit => {
    const form = this.open.trainForm;
    return { config: toSplitConfig($state.snapshot(form.split)), seed: form.seed };
  });

  /** The column the user chose to trace through the steps ('' until they choose). */
  traceChoice = $state('');

  /** Input columns (the target left out), then columns the recipe's formulas create. */
  traceable = $derived.by((): string[] => {
    const version = this.open.data.selectedVersion;
    const target = this.open.project?.framing?.target ?? '';
    return [
      ...(version?.schema ?? []).filter((c) => c.name !== target).map((c) => c.name),
      ...(this.current?.spec.steps.flatMap((s) => (s.kind === 'formula' && s.name.trim() ? [s.name] : [])) ??
        []),
    ];
  });

  /** The column traced: the user's choice, else the first column a transforming step reads. */
  traceColumn = $derived.by((): string => {
    if (this.traceable.includes(this.traceChoice)) return this.traceChoice;
    return (
      this.current?.spec.steps
        .flatMap((s) => (s.kind === 'drop' || s.kind === 'formula' ? [] : s.columns))
        .find((c) => this.traceable.includes(c)) ??
      this.traceable[0] ??
      ''
    );
  });

  /** Every problem of the current recipe against the open dataset version's columns and target. */
  problems = $derived.by((): RecipeProblem[] => {
    const spec = this.current?.spec;
    const version = this.open.data.selectedVersion;
    const target = this.open.project?.framing?.target;
    if (!spec || !version || !target) return [];
    return validateRecipe(spec, version.schema, target);
  });

  /**
   * The recipe Train uses: the version the project's framing references, and only when it has
   * no problems — so a recipe with errors cannot be trained (`blocker` says why).
   */
  recipe = $derived.by((): { id: string; spec: RecipeSpec } | null => {
    const current = this.current;
    if (!current || current.id !== this.open.project?.framing?.recipeVersionId) return null;
    return this.problems.length === 0 ? { id: current.id, spec: current.spec } : null;
  });

  /** Why the recipe cannot be trained, or null when it can. */
  blocker = $derived.by((): string | null => {
    const n = this.problems.length;
    if (n === 0) return null;
    return `The feature recipe has ${n === 1 ? 'a problem' : `${n} problems`} (${this.problems[0]!.message}${
      n > 1 ? ' …' : ''
    }). Fix ${n === 1 ? 'it' : 'them'} in Framing & features before training.`;
  });

  #latest = 0;
  #queue: Promise<unknown> = Promise.resolve();
  #client: DataClient | undefined;
  #previewAbort: AbortController | undefined;
  #previewKey = '';

  constructor(private readonly open: OpenProject) {}

  // Its own data worker: a preview refits the recipe and must not queue behind an ingest.
  get #worker(): DataClient {
    this.#client ??= this.open.services.createDataWorker();
    return this.#client;
  }

  /** Stops the preview worker (the project was closed). */
  dispose(): void {
    this.#previewAbort?.abort();
    this.#client?.terminate();
    this.#client = undefined;
  }

  /**
   * Frames the project: `target` of `version`, as `task` (or the inferred one), with a default
   * recipe built from the column profile and stored as a recipe version, so the recipe shown is
   * exactly the recipe trained. The previous recipe stays its parent, so Undo brings it back.
   */
  async chooseTarget(target: string, task?: Task): Promise<void> {
    const version = this.open.data.selectedVersion;
    if (!version) return;
    const info = await this.check(version.id, target, task);
    if (!info) return;
    const spec = await this.#defaultSpec(version, target, info.task);
    await this.#run(async () => {
      const latest = this.#project();
      const keepMetric = latest.framing?.task === info.task ? latest.framing.primaryMetric : undefined;
      await this.#store(latest, spec, 'Built the default recipe', {
        datasetId: version.datasetId,
        target,
        task: info.task,
        primaryMetric: keepMetric ?? defaultPrimaryMetric(info.task),
      });
    });
  }

  /** Sets the project's primary metric (trials and the leaderboard rank by it). */
  async setPrimaryMetric(metric: MetricName): Promise<void> {
    await this.open.modify((p) =>
      p.framing ? { ...p, framing: { ...p.framing, primaryMetric: metric } } : p,
    );
  }

  /** The stored recipe of the project's framing. */
  async loadRecipe(): Promise<void> {
    const id = this.open.project?.framing?.recipeVersionId;
    if (!id) {
      this.current = null;
      return;
    }
    if (this.current?.id === id) return;
    const db = await this.open.services.db();
    const stored = (await getRecipeVersion(db, id)) ?? null;
    if (this.open.project?.framing?.recipeVersionId !== id) return; // the framing moved on meanwhile
    let depth = 0;
    for (let v: RecipeVersion | undefined = stored ?? undefined; v && depth < 10_000; depth++) {
      v = v.parents[0] ? await getRecipeVersion(db, v.parents[0]) : undefined;
    }
    this.current = stored;
    this.depth = depth;
  }

  /** Saves `spec` as a new recipe version, child of the current one, and points the framing at it. */
  edit(spec: RecipeSpec, what: string): Promise<void> {
    return this.#run(() => this.#store(this.#project(), $state.snapshot(spec), what));
  }

  /** Points the framing back at the current version's parent. */
  undo(): Promise<void> {
    return this.#run(async () => {
      const parentId = this.current?.parents[0];
      const latest = this.#project();
      if (!parentId || !latest.framing) return;
      const parent = await getRecipeVersion(await this.open.services.db(), parentId);
      if (!parent)
        throw new Error('The previous recipe version is no longer stored, so there is nothing to undo.');
      await this.open.modify((p) =>
        p.framing ? { ...p, framing: { ...p.framing, recipeVersionId: parent.id } } : p,
      );
      this.current = parent;
      this.depth = Math.max(1, this.depth - 1);
      this.notice = 'Went back to the previous recipe version.';
    });
  }

  /** Replaces the recipe with the default one for the framing (a new version; Undo brings the old one back). */
  async resetToDefault(): Promise<void> {
    const framing = this.open.project?.framing;
    const version = this.open.data.selectedVersion;
    if (!framing || !version) return;
    const spec = await this.#defaultSpec(version, framing.target, framing.task);
    await this.edit(spec, 'Reset to the default recipe');
  }

  /** Reads a recipe file (checked by parseRecipe) into a new recipe version. */
  async importFile(file: File): Promise<void> {
    this.editError = null;
    let spec: RecipeSpec;
    try {
      if (file.size > MAX_RECIPE_FILE_BYTES) {
        throw new Error(`The file is ${Math.round(file.size / 1e6)} MB; a recipe file is a few kilobytes.`);
      }
      let json: unknown;
      try {
        json = JSON.parse(await file.text());
      } catch (err) {
        throw new Error(`The file is not JSON (${err instanceof Error ? err.message : String(err)}).`);
      }
      spec = parseRecipe(json);
    } catch (err) {
      this.editError = shownFrom(err, `"${file.name}" was not imported. `);
      return;
    }
    await this.edit(spec, `Imported "${file.name}"`);
  }

  /** Downloads the current recipe as JSON, stamped with its format and format version. */
  exportFile(): void {
    const current = this.current;
    const project = this.open.project;
    if (!current || !project) return;
    const body = {
      format: RECIPE_FILE_FORMAT,
      formatVersion: current.spec.formatVersion,
      target: project.framing?.target ?? null,
      task: project.framing?.task ?? null,
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a timestamp, not reactive state
      exportedAt: new Date().toISOString(),
      steps: current.spec.steps,
    };
    downloadBlob(
      new Blob([JSON.stringify(body, null, 2)], { type: 'application/json' }),
      `${safeFileName(project.name)}-recipe.json`,
    );
  }

  /**
   * Fits the current recipe on a sample of the selected version's training rows in the worker
   * and traces `traceColumn` through its steps. Skipped while the recipe has problems; the latest
   * request wins, and asking again for what is shown does nothing.
   */
  async requestPreview(): Promise<void> {
    const current = this.current;
    const framing = this.open.project?.framing;
    const version = this.open.data.selectedVersion;
    const traceColumn = this.traceColumn;
    if (!current || !framing || !version || this.problems.length > 0) {
      this.#previewAbort?.abort();
      this.#previewKey = '';
      this.previewing = false;
      return;
    }
    const split = this.previewSplit;
    const key = JSON.stringify([version.id, current.id, framing.target, framing.task, traceColumn, split]);
    if (key === this.#previewKey) return;
    this.#previewKey = key;
    this.#previewAbort?.abort();
    const abort = (this.#previewAbort = new AbortController());
    this.previewing = true;
    this.previewError = null;
    try {
      const preview = await this.#worker.send(
        'recipePreview',
        {
          versionId: version.id,
          target: framing.target,
          task: framing.task,
          spec: $state.snapshot(current.spec),
          split,
          ...(traceColumn ? { traceColumn } : {}),
        },
        { signal: abort.signal },
      );
      if (this.#previewKey !== key) return;
      this.preview = preview;
      this.previewRecipeId = current.id;
    } catch (err) {
      if (isAbortError(err) || this.#previewKey !== key) return;
      this.previewError = toShownError(err);
      this.preview = null;
      this.previewRecipeId = null;
    } finally {
      if (this.#previewAbort === abort) this.previewing = false;
    }
  }

  /** Checks `target` (as `task`, or the inferred task); the latest request wins. */
  async check(versionId: string, target: string, task?: Task): Promise<TargetInfo | null> {
    const ticket = ++this.#latest;
    this.checking = true;
    this.error = null;
    try {
      const info = await this.open.data.targetInfo(versionId, target, task);
      if (ticket === this.#latest) this.info = info;
      return info;
    } catch (err) {
      if (ticket === this.#latest) {
        this.info = null;
        this.error = toShownError(err);
      }
      return null;
    } finally {
      if (ticket === this.#latest) this.checking = false;
    }
  }

  clear(): void {
    this.#latest++;
    this.info = null;
    this.error = null;
  }

  async #defaultSpec(version: DatasetVersion, target: string, task: Task): Promise<RecipeSpec> {
    const data = this.open.data;
    await data.loadProfile(version.id);
    return defaultRecipe(version.schema, {
      target,
      task,
      rowCount: version.rowCount,
      ...(data.profileFor === version.id && data.profile ? { profile: data.profile.columns } : {}),
    });
  }

  /** The project as stored now: an earlier edit in the queue may have replaced the record. */
  #project(): Project {
    const project = this.open.project;
    if (!project)
      throw new Error('The project is no longer stored (deleted in another tab?). Reload the page.');
    return project;
  }

  /** Stores `spec` as a child of the current version and references it from the framing. */
  async #store(project: Project, spec: RecipeSpec, what: string, framing = project.framing): Promise<void> {
    if (!framing) throw new Error('Choose a target column first: the recipe belongs to a framing.');
    const parent = this.current?.projectId === project.id ? this.current : null;
    const saved = await saveRecipeVersion(await this.open.services.db(), {
      projectId: project.id,
      spec,
      parents: parent ? [parent.id] : [],
    });
    await this.open.modify((p) => ({ ...p, framing: { ...framing, recipeVersionId: saved.id } }));
    this.current = saved;
    this.depth = parent ? this.depth + 1 : 1;
    this.notice = `${what}: saved as recipe version ${this.depth}.`;
  }

  /** Edits run one after another, so each new version's parent is the one before it. */
  #run(task: () => Promise<void>): Promise<void> {
    const next = this.#queue.then(async () => {
      this.saving = true;
      this.editError = null;
      try {
        await task();
      } catch (err) {
        this.editError = toShownError(err);
      } finally {
        this.saving = false;
      }
    });
    this.#queue = next;
    return next;
  }
}
