// How components reach the workbench and the open project: through Svelte context, set by
// App.svelte (the workbench) and by ProjectView.svelte (the open project, one per opened
// project: the view is keyed on it, so a component never sees another project's state).
import { getContext, setContext } from 'svelte';
import type { OpenProject } from './openProject.svelte';
import type { Workbench } from './workbench.svelte';

const WORKBENCH = Symbol('workbench');
const OPEN_PROJECT = Symbol('open project');

export function provideWorkbench(workbench: Workbench): void {
  setContext(WORKBENCH, workbench);
}

export function useWorkbench(): Workbench {
  const workbench = getContext<Workbench | undefined>(WORKBENCH);
  if (!workbench) throw new Error('useWorkbench() outside App: no workbench in context.');
  return workbench;
}

export function provideOpenProject(open: OpenProject): void {
  setContext(OPEN_PROJECT, open);
}

/** The open project of the view this component is in. */
export function useOpenProject(): OpenProject {
  const open = getContext<OpenProject | undefined>(OPEN_PROJECT);
  if (!open) throw new Error('useOpenProject() outside a project view: no open project in context.');
  return open;
}
