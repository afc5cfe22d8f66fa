/**
 * The evaluation report as data: everything a reader needs to judge a model against the
 * project's goal, stamped with a format version so a saved report can be read back (and
 * rejected clearly when it cannot). The HTML, Markdown and JSON renderers all read only this.
 */

import { evaluateKpis, overallVerdict } from '../lifecycle/kpiEvaluation';
import type { Kpi } from '../lifecycle/kpi';
import type { KpiResult, MetricsBySplit, Verdict } from '../lifecycle/kpiEvaluation';
import type { MetricName, SplitName, Task } from '../ml/types';
import type { ReportEvaluation } from './evaluationReport';

export const REPORT_FORMAT = 'lifecycle-workbench-report';
/** 2 added `evaluation` (curves, threshold, segments, explanations, KPI matrix, split, limits); 1 is still read. */
export const REPORT_FORMAT_VERSION = 2;

/** The splits in the order a reader expects them. */
export const SPLIT_ORDER: readonly SplitName[] = ['train', 'validation', 'test', 'outOfTime'];

/** A value JSON can hold exactly. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface ReportDataset {
  name: string;
  /** The dataset version number (1, 2, 3… per dataset). */
  version: number;
  /** SHA-256 of the dataset version's content, hex: proves which data the model saw. */
  hash: string;
  rows: number;
  columns: number;
  /** The file the data came from, when it was ingested from one. */
  fileName?: string;
}

export interface ReportModel {
  name: string;
  version: number;
  /** Model family from the spec: 'baseline', 'linear', 'mlp', 'gbdt'… */
  family: string;
  /** The full model spec (hyper-parameters) as plain JSON. */
  spec: JsonValue;
  /** The compute backend that trained it: 'webgpu', 'webgl', 'wasm', 'cpu'. */
  backend: string;
  /** Why that backend was chosen, in words. */
  backendReason: string;
  durationMs: number;
  /** ISO 8601, UTC. */
  trainedAt: string;
  seed?: number;
}

export interface ReportSplit {
  name: SplitName;
  rows: number;
  /** How the split was made, e.g. "random, stratified" or "rows after 2015-06-01". */
  note?: string;
}

export interface ReportEpoch {
  epoch: number;
  loss: number;
  valLoss?: number;
}

export interface ReportImportance {
  feature: string;
  importance: number;
  /** Spread over permutation repeats, when measured. */
  std?: number;
}

/**
 * Version 1 of the report format. Plain JSON with one exception, handled by the JSON codec:
 * metric, loss and importance values may be NaN in memory (a metric undefined for this data,
 * a diverged epoch); JSON writes them as null and `validateReportDocument` reads null back as
 * NaN. ±Infinity takes the same path and comes back as NaN.
 */
export interface ReportDocument {
  format: typeof REPORT_FORMAT;
  formatVersion: typeof REPORT_FORMAT_VERSION;
  /** When the report was made, ISO 8601 UTC. */
  generatedAt: string;
  app: { name: string; version: string };
  /** `compliance` is the user's free-text note on rules the project must follow; may be empty. */
  project: { name: string; goal: string; compliance: string };
  kpis: KpiResult[];
  overall: Verdict;
  dataset: ReportDataset;
  framing: { target: string; task: Task; primaryMetric: MetricName };
  /** `steps` are the recipe steps already described in words; `features` the model's input width. */
  recipe: { steps: string[]; features: number };
  model: ReportModel;
  splits: ReportSplit[];
  metrics: MetricsBySplit;
  /** Class labels in the order of the confusion matrix rows and columns (classification). */
  classes?: string[];
  history: ReportEpoch[];
  importance?: ReportImportance[];
  /** Format 2: the evaluation views, explanations and KPI matrix (see evaluationReport.ts). */
  evaluation?: ReportEvaluation;
}

/** What the caller gathers to make a report; KPIs are judged and the stamp added here. */
export interface ReportInput {
  app: ReportDocument['app'];
  project: ReportDocument['project'];
  kpis: readonly Kpi[];
  dataset: ReportDataset;
  framing: ReportDocument['framing'];
  recipe: ReportDocument['recipe'];
  /** `spec` may be any JSON-serialisable object; `trainedAt` ISO text or epoch milliseconds. */
  model: Omit<ReportModel, 'spec' | 'trainedAt'> & { spec: unknown; trainedAt: string | number };
  splits: readonly ReportSplit[];
  metrics: MetricsBySplit;
  classes?: readonly string[];
  history: readonly ReportEpoch[];
  importance?: readonly ReportImportance[];
  evaluation?: ReportEvaluation;
}

function toJson(value: unknown, what: string): JsonValue {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (e) {
    throw new Error(
      `The ${what} cannot be written to the report: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  if (text === undefined) return null;
  const parsed: JsonValue = JSON.parse(text);
  return parsed;
}

function isoTime(t: string | number, what: string): string {
  const date = new Date(t);
  if (Number.isNaN(date.getTime())) throw new Error(`The ${what} "${String(t)}" is not a valid time.`);
  return date.toISOString();
}

function copyMetrics(metrics: MetricsBySplit): MetricsBySplit {
  const out: MetricsBySplit = {};
  for (const split of SPLIT_ORDER) {
    const m = metrics[split];
    if (!m) continue;
    out[split] =
      m.task === 'classification' ? { ...m, confusion: m.confusion.map((row) => [...row]) } : { ...m };
  }
  return out;
}

/**
 * Builds a report: judges `input.kpis` against `input.metrics`, stamps the format and time,
 * and copies everything so later edits to the inputs do not change the report. Throws when
 * the model spec cannot be written as JSON (a cycle, a BigInt) or a time is invalid.
 */
export function createReportDocument(input: ReportInput, now: Date = new Date()): ReportDocument {
  const kpis = evaluateKpis(input.kpis, input.metrics).map((r) => ({ ...r, kpi: { ...r.kpi } }));
  const { spec, trainedAt, ...model } = input.model;
  const doc: ReportDocument = {
    format: REPORT_FORMAT,
    formatVersion: REPORT_FORMAT_VERSION,
    generatedAt: now.toISOString(),
    app: { ...input.app },
    project: { ...input.project },
    kpis,
    overall: overallVerdict(kpis),
    dataset: { ...input.dataset },
    framing: { ...input.framing },
    recipe: { steps: [...input.recipe.steps], features: input.recipe.features },
    model: { ...model, spec: toJson(spec, 'model spec'), trainedAt: isoTime(trainedAt, 'training time') },
    splits: input.splits.map((s) => ({ ...s })),
    metrics: copyMetrics(input.metrics),
    history: input.history.map((h) => ({ ...h })),
  };
  if (input.classes) doc.classes = [...input.classes];
  if (input.importance) doc.importance = input.importance.map((i) => ({ ...i }));
  // A deep copy through JSON: NaN becomes null here as it would in the file (read back as NaN).
  if (input.evaluation) doc.evaluation = JSON.parse(JSON.stringify(input.evaluation)) as ReportEvaluation;
  return doc;
}

function slug(text: string, fallback: string): string {
  const s = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/, '');
  return s === '' ? fallback : s;
}

/**
 * A safe download name for the report: "penguin-species-softmax-regression-v3-report.html".
 * Only a–z, 0–9 and hyphens from user text, so it is valid on every file system.
 */
export function reportFileName(doc: ReportDocument, extension: 'html' | 'md' | 'json'): string {
  return `${slug(doc.project.name, 'project')}-${slug(doc.model.name, 'model')}-v${doc.model.version}-report.${extension}`;
}
