// The guided tour's steps: one idea each, in lifecycle order, on the penguins sample (the
// recipe-fit and out-of-time steps switch to seattle-weather, the drift step to the weather drift
// sample). `element` is what the step points at.
import type { PhaseId } from '../../state/phases';
import type { DemoKind } from '../../state/teaching.svelte';

export interface TourStep {
  phase: PhaseId;
  element: string;
  title: string;
  text: string;
  demo?: DemoKind;
}

export const TOUR_STEPS: readonly TourStep[] = [
  {
    phase: 'goal',
    element: 'nav[aria-label="Lifecycle phases"]',
    title: 'Nine phases',
    text: 'A machine-learning project is a loop of phases, from the business goal to a model in use and watched. The marks say where this project stands: ✓ done, ! needs attention, ○ not started.',
  },
  {
    phase: 'goal',
    element: '[data-testid="kpi-list"]',
    title: 'Start from the goal',
    text: 'Before any data: which decision will the model help with, and how good must it be? A KPI says it in numbers: accuracy at least 0.90 on rows the model never saw.',
  },
  {
    phase: 'data',
    element: '[data-testid="version-list"]',
    title: 'Data is versioned',
    text: 'Every file becomes an immutable dataset version with a fingerprint. A model always knows exactly which data it learnt from.',
  },
  {
    phase: 'explore',
    element: '[data-testid="profile-table"]',
    title: 'Look before you model',
    text: 'Missing values, outliers, odd types: the profile shows them column by column. Most problems in a model were visible here first.',
  },
  {
    phase: 'framing',
    element: '[data-testid="recipe-steps"]',
    title: 'Features are a recipe',
    text: 'Fill gaps, scale numbers, encode categories: each step learns from the training rows only. Fit on all rows, a step would learn from the test rows too: for a scaler only their average and spread, a small leak; for a target encoding, their answers, as a demonstration will show.',
  },
  {
    phase: 'train',
    element: 'main',
    title: 'Overfitting',
    text: 'A large network trained on a few rows learns those rows by heart. Run the demonstration and watch the training and validation curves part.',
    demo: 'overfit',
  },
  {
    phase: 'framing',
    element: '[data-testid="leakage-guard"]',
    title: 'Leakage',
    text: 'A column that secretly contains the answer makes any model look perfect, until it is used for real. The demonstration adds a copy of the species and trains.',
    demo: 'leak',
  },
  {
    phase: 'experiments',
    element: '[data-testid="leaderboard"]',
    title: 'Fit on training rows only',
    text: 'A recipe learns from data too: a target encoding learns the usual answer of each category. The demonstration target-encodes seattle-weather’s date, where every day is unique, and trains three times, changing only where the recipe is fit.',
    demo: 'recipeFit',
  },
  {
    phase: 'experiments',
    element: '[data-testid="leaderboard"]',
    title: 'Every training is a run',
    text: 'Settings, data version, seed and scores are kept for every run, so any result can be compared, explained and repeated.',
  },
  {
    phase: 'evaluate',
    element: 'main',
    title: 'Judge against the goal',
    text: 'Scores on held-out rows, beside a baseline that always guesses the most common answer, and the verdict of each KPI. A model that fails goes back to data or features.',
  },
  {
    phase: 'train',
    element: 'main',
    title: 'Random days or later days?',
    text: 'Weather changes with the seasons. The demonstration trains on seattle-weather twice: judged on random days, then on the latest days.',
    demo: 'outOfTime',
  },
  {
    phase: 'deploy',
    element: 'main',
    title: 'Into use',
    text: 'A model that passes is promoted and scores new files, here in the browser. Then it is watched: when the data drifts, the loop starts again with retraining.',
  },
  {
    phase: 'monitor',
    element: 'main',
    title: 'The world moves on',
    text: 'A model learns the world as it was. The demonstration puts a model of 2012’s weather in production and scores 2013, 2014 and a hot summer 2015: watch the inputs drift and the alert rise.',
    demo: 'drift',
  },
];
