import type { TargetInfo } from '../protocol/data';
import type { Task } from '../core/ml/types';
import type { RecipeSpec } from '../core/features/types';
import { defaultRecipe } from '../core/features/defaults';
import { defaultPrimaryMetric } from '../core/lifecycle/metricCatalog';
import { getRecipeVersion, saveRecipeVersion, type DatasetVersion, type Project } from '../store';
import { data } from './data.svelte';
import { pageDb } from './db';
import { toShownError, type ShownError } from './errors';
import { workbench } from './workbench.svelte';

/** The target checks for the open dataset version, computed in the data worker. */
export class FramingState {
  info = $state.raw<TargetInfo | null>(null);
  checking = $state(false);
  error = $state.raw<ShownError | null>(null);
  recipe = $state.raw<{ id: string; spec: RecipeSpec } | null>(null);
  #latest = 0;

  /**
   * Frames the project: `target` of `version`, as `task` (or the inferred one), with a default
   * recipe built from the column profile and stored as a recipe version, so the recipe shown is
   * exactly the recipe trained.
   */
  async chooseTarget(project: Project, version: DatasetVersion, target: string, task?: Task): Promise<void> {
    const info = await this.check(version.id, target, task);
    if (!info) return;
    await data.loadProfile(version.id);
    const spec = defaultRecipe(version.schema, {
      target,
      task: info.task,
      rowCount: version.rowCount,
      ...(data.profileFor === version.id && data.profile ? { profile: data.profile.columns } : {}),
    });
    const db = await pageDb();
    const recipe = await saveRecipeVersion(db, { projectId: project.id, spec, parents: [] });
    this.recipe = { id: recipe.id, spec };
    const keepMetric = project.framing?.task === info.task ? project.framing.primaryMetric : undefined;
    await workbench.saveProject({
      ...project,
      framing: {
        datasetId: version.datasetId,
        target,
        task: info.task,
        primaryMetric: keepMetric ?? defaultPrimaryMetric(info.task),
        recipeVersionId: recipe.id,
      },
    });
  }

  /** The stored recipe of the project's framing. */
  async loadRecipe(project: Project): Promise<void> {
    const id = project.framing?.recipeVersionId;
    if (!id) {
      this.recipe = null;
      return;
    }
    if (this.recipe?.id === id) return;
    const stored = await getRecipeVersion(await pageDb(), id);
    this.recipe = stored ? { id: stored.id, spec: stored.spec } : null;
  }

  /** Checks `target` (as `task`, or the inferred task); the latest request wins. */
  async check(versionId: string, target: string, task?: Task): Promise<TargetInfo | null> {
    const ticket = ++this.#latest;
    this.checking = true;
    this.error = null;
    try {
      const info = await data.targetInfo(versionId, target, task);
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
}

export const framing = new FramingState();
