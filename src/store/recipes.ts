/** Recipe versions: each edit of a feature recipe is a new immutable record naming its parents. */
import type { WorkbenchDb } from './db';
import { RecordNotFoundError } from './errors';
import { newId } from './ids';
import type { RecipeSpec, RecipeVersion } from './records';

export interface NewRecipeVersion {
  projectId: string;
  spec: RecipeSpec;
  /** The version(s) this one was edited from (empty for a first recipe). */
  parents?: string[];
}

/** Stores a recipe version. Throws when the project or a parent version does not exist. */
export async function saveRecipeVersion(db: WorkbenchDb, input: NewRecipeVersion): Promise<RecipeVersion> {
  const recipe: RecipeVersion = {
    id: newId(),
    projectId: input.projectId,
    spec: input.spec,
    createdAt: Date.now(),
    parents: [...(input.parents ?? [])],
  };
  await db.transaction('rw', [db.projects, db.recipes], async () => {
    if (!(await db.projects.get(input.projectId))) throw new RecordNotFoundError('project', input.projectId);
    for (const parentId of recipe.parents) {
      const parent = await db.recipes.get(parentId);
      if (!parent || parent.projectId !== input.projectId)
        throw new RecordNotFoundError('parent recipe version', parentId);
    }
    await db.recipes.add(recipe);
  });
  return recipe;
}

/** The recipe version, or undefined. */
export async function getRecipeVersion(db: WorkbenchDb, id: string): Promise<RecipeVersion | undefined> {
  return db.recipes.get(id);
}
