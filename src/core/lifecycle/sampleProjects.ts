/**
 * The ready-made sample projects of the welcome screen: one per kind of task, each with a short
 * business goal, KPIs and the framing filled in, so a newcomer reaches a trained, evaluated model
 * in a few clicks. The data are the shipped samples in public/samples (see SOURCES.md).
 */
import type { Kpi } from './kpi';
import type { Task } from '../ml/types';

export interface SampleProject {
  id: string;
  /** The sample file, public/samples/<sample>.csv. */
  sample: string;
  kind: string;
  name: string;
  goal: string;
  kpis: readonly Omit<Kpi, 'id'>[];
  target: string;
  task: Task;
  /** An out-of-time validation on this date column instead of a random holdout. */
  timeColumn?: string;
  /** What to do after the first model, when the sample is about a later phase. */
  then?: string;
}

export const SAMPLE_PROJECTS: readonly SampleProject[] = [
  {
    id: 'penguins',
    sample: 'penguins',
    kind: 'Classification',
    name: 'Penguin species (sample)',
    goal: 'Tell the species of a penguin from its beak, flipper and body measurements, so field teams can label sightings without a specialist.',
    kpis: [{ metric: 'accuracy', op: '>=', threshold: 0.9, split: 'test' }],
    target: 'Species',
    task: 'classification',
  },
  {
    id: 'cars',
    sample: 'cars',
    kind: 'Regression',
    name: 'Fuel economy (sample)',
    goal: 'Estimate the miles per gallon of a car from its engine, weight and year, to spot models that will miss an efficiency target.',
    kpis: [{ metric: 'r2', op: '>=', threshold: 0.7, split: 'test' }],
    target: 'Miles_per_Gallon',
    task: 'regression',
  },
  {
    id: 'seattle-weather',
    sample: 'seattle-weather',
    kind: 'Out of time',
    name: 'Seattle weather (sample)',
    goal: "Name the day's weather from its measurements, judged on a later period than the model learnt from, as it would be used.",
    kpis: [{ metric: 'accuracy', op: '>=', threshold: 0.7, split: 'outOfTime' }],
    target: 'weather',
    task: 'classification',
    timeColumn: 'date',
  },
  {
    id: 'weather-drift',
    sample: 'weather-drift-train',
    kind: 'Monitoring',
    name: 'Weather drift (sample)',
    goal: "Name the day's weather from its measurements, and keep the model honest as later years arrive: watch for drift and retrain when it acts.",
    kpis: [{ metric: 'accuracy', op: '>=', threshold: 0.7, split: 'test' }],
    target: 'weather',
    task: 'classification',
    then: 'Then promote it in Deploy and, in Monitor, score the 2013, 2014 and summer 2015 batches: the last one raises a drift alert to retrain from.',
  },
];
