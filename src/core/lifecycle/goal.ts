/**
 * Business understanding: a project is ready to move on once it has a name, a goal statement
 * and at least one KPI that can be judged.
 */

import type { Task } from '../ml/types';
import { describeKpi, validateKpi, type Kpi, type Problem } from './kpi';
import { isMetricName, metricInfo } from './metricCatalog';

/** The parts of a project this check reads (the store's Project and Goal fit this shape). */
export interface GoalInput {
  name: string;
  goal: { statement: string; kpis: readonly Kpi[] };
}

/**
 * Problems with a project's goal. `task` is unknown until the target is framed; without it the
 * KPIs are checked for everything but their fit to the task. Empty when the goal is complete.
 */
export function validateGoal(
  project: GoalInput,
  task?: Task,
  options: { classCount?: number } = {},
): Problem[] {
  const problems: Problem[] = [];
  if (project.name.trim() === '') {
    problems.push({ severity: 'error', field: 'name', message: 'Give the project a name.' });
  }
  if (project.goal.statement.trim() === '') {
    problems.push({
      severity: 'error',
      field: 'goal',
      message: 'Write the business goal in a sentence: what decision the model supports and for whom.',
    });
  }
  const kpis = project.goal.kpis;
  if (kpis.length === 0) {
    problems.push({
      severity: 'error',
      field: 'kpis',
      message: 'Add at least one KPI, for example "Accuracy ≥ 0.90 on the test set".',
    });
  }
  const seenIds = new Set<string>();
  const seenRules = new Set<string>();
  kpis.forEach((kpi, i) => {
    if (seenIds.has(kpi.id)) {
      problems.push({
        severity: 'error',
        field: 'id',
        kpiId: kpi.id,
        message: `KPI ${i + 1} has the same id as an earlier one; remove it and add it again.`,
      });
    }
    seenIds.add(kpi.id);
    const own = validateKpi(kpi, task, options);
    problems.push(...own);
    if (own.some((p) => p.severity === 'error')) return;
    const rule = `${kpi.metric} ${kpi.op} ${kpi.threshold} ${kpi.split}`;
    if (seenRules.has(rule)) {
      problems.push({
        severity: 'warning',
        field: 'kpis',
        kpiId: kpi.id,
        message: `KPI ${i + 1} repeats "${describeKpi(kpi)}"; one is enough.`,
      });
    }
    seenRules.add(rule);
  });
  if (task === undefined) {
    const tasks = new Set(kpis.filter((k) => isMetricName(k.metric)).map((k) => metricInfo(k.metric).task));
    if (tasks.size > 1) {
      problems.push({
        severity: 'error',
        field: 'kpis',
        message:
          'The KPIs mix classification and regression metrics; a project predicts one kind of target. Remove the ones that do not fit.',
      });
    }
  }
  return problems;
}
