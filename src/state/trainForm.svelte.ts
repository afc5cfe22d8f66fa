// The Train form of each project, kept while the page lives and in localStorage, so leaving the
// Train phase or reloading the page loses no setting (see trainForm.ts for the form's shape).
import type { Task } from '../core/ml/types';
import { defaultTrainForm, parseTrainForm, type TrainForm } from './trainForm';

const keyOf = (projectId: string) => `lifecycle-workbench.train-form.${projectId}`;

function readStored(projectId: string, task: Task): TrainForm | null {
  try {
    const text = localStorage.getItem(keyOf(projectId));
    return text === null ? null : parseTrainForm(JSON.parse(text), task);
  } catch {
    return null; // unreadable or not JSON: the defaults serve
  }
}

class TrainForms {
  #forms = new Map<string, TrainForm>();

  /** The project's form (reactive): as last left, else as stored, else the defaults. */
  get(projectId: string, task: Task, rows: number): TrainForm {
    let form = this.#forms.get(projectId);
    if (!form) {
      const initial = readStored(projectId, task) ?? defaultTrainForm(task, rows);
      const reactive = $state(initial);
      form = reactive;
      this.#forms.set(projectId, form);
    }
    return form;
  }

  /** Writes `form` (a snapshot) for the next visit; a full or refused localStorage only loses that. */
  save(projectId: string, form: TrainForm): void {
    try {
      localStorage.setItem(keyOf(projectId), JSON.stringify(form));
    } catch {
      // Private mode or a full quota: the form still lives for this page.
    }
  }
}

export const trainForms = new TrainForms();
