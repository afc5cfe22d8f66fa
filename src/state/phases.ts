/** The lifecycle phases as the navigation shows them (CRISP-DM order). */
export const PHASES = [
  { id: 'goal', label: 'Goal', hint: 'Business problem and KPIs' },
  { id: 'data', label: 'Data', hint: 'Load CSV files as dataset versions' },
  { id: 'explore', label: 'Explore', hint: 'Profile columns and distributions' },
  { id: 'prepare', label: 'Prepare', hint: 'Clean, reshape and join: each step a new version' },
  { id: 'framing', label: 'Framing & features', hint: 'Target, task and feature recipe' },
  { id: 'train', label: 'Train', hint: 'Fit a model in a worker' },
  { id: 'experiments', label: 'Experiments', hint: 'Every run: leaderboard, comparison, re-run' },
  { id: 'evaluate', label: 'Evaluate', hint: 'Metrics and KPI verdicts' },
  { id: 'deploy', label: 'Deploy', hint: 'Registry, scoring and report' },
  { id: 'monitor', label: 'Monitor', hint: 'Shadow challengers, drift, retraining' },
] as const;

export type PhaseId = (typeof PHASES)[number]['id'];

export function isPhaseId(value: string): value is PhaseId {
  return PHASES.some((p) => p.id === value);
}
