// Two tabs of the workbench on one project. Each save of a project record is announced on a
// BroadcastChannel; the other tabs read that record again, so their goal text and target are the
// stored ones, not what they loaded. An edit begun on an older copy is not saved over a newer
// one without asking (goalConflict). Plain TypeScript: the Workbench owns one ProjectSync.
import { getProject, type Goal, type Project, type WorkbenchDb } from '../store';

/** The channel every tab of the workbench (one origin) listens on. */
export const PROJECT_CHANNEL = 'lifecycle-workbench/projects';

interface ProjectSaved {
  type: 'project-saved';
  id: string;
  updatedAt: number;
}

function isProjectSaved(data: unknown): data is ProjectSaved {
  const d = data as Partial<ProjectSaved> | null;
  return (
    typeof d === 'object' &&
    d !== null &&
    d.type === 'project-saved' &&
    typeof d.id === 'string' &&
    typeof d.updatedAt === 'number'
  );
}

/**
 * Announces this tab's project saves and hears the other tabs'. `onChanged` gets the record as
 * stored now (null when the project was deleted) each time another tab saved it.
 */
export class ProjectSync {
  readonly #channel: BroadcastChannel | null;

  constructor(
    private readonly db: () => Promise<WorkbenchDb>,
    private readonly onChanged: (id: string, stored: Project | null) => void,
    channelName = PROJECT_CHANNEL,
  ) {
    // Without BroadcastChannel (very old browsers) each tab simply keeps what it loaded.
    this.#channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(channelName) : null;
    this.#channel?.addEventListener('message', (e: MessageEvent<unknown>) => {
      if (isProjectSaved(e.data)) void this.#reread(e.data.id);
    });
  }

  /** Tells the other tabs that `project` was saved. */
  announce(project: Project): void {
    const message: ProjectSaved = { type: 'project-saved', id: project.id, updatedAt: project.updatedAt };
    this.#channel?.postMessage(message);
  }

  close(): void {
    this.#channel?.close();
  }

  async #reread(id: string): Promise<void> {
    // The record itself, not the message: the database is the truth, whatever order messages come in.
    const stored = await getProject(await this.db(), id);
    this.onChanged(id, stored ?? null);
  }
}

/** The goal fields the Goal page edits as text. */
export type GoalText = Pick<Goal, 'statement' | 'compliance'>;

/**
 * Whether saving `mine` would overwrite a goal text changed elsewhere: the stored text is no
 * longer the `base` the edit started from, and differs from what this edit would write.
 */
export function goalConflict(base: GoalText, stored: GoalText, mine: GoalText): boolean {
  const changedElsewhere = stored.statement !== base.statement || stored.compliance !== base.compliance;
  const differs = stored.statement !== mine.statement || stored.compliance !== mine.compliance;
  return changedElsewhere && differs;
}

/** Thrown inside a goal save that would overwrite a newer text: the save is rolled back. */
export class GoalConflictError extends Error {
  override readonly name = 'GoalConflictError';
  constructor(readonly stored: GoalText) {
    super('The goal was changed in another tab since this text was loaded.');
  }
}

/**
 * The change a Goal-page save makes: `mine` over the stored goal, unless the stored text moved
 * on from `base` (another tab saved) and `force` is not set — then GoalConflictError, thrown
 * inside the save's transaction so nothing is written.
 */
export function saveGoalText(base: GoalText, mine: GoalText, force: boolean): (stored: Goal) => Goal {
  return (stored) => {
    if (!force && goalConflict(base, stored, mine)) {
      throw new GoalConflictError({ statement: stored.statement, compliance: stored.compliance });
    }
    return { ...stored, ...mine };
  };
}
