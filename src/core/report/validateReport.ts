/**
 * Reading a report back: checks the stamp first (is this a report, of a version we read?),
 * then every field, naming the first one that is wrong. Returns a fresh, fully typed copy.
 */

import { KPI_SPLITS, type Kpi } from '../lifecycle/kpi';
import type { KpiResult, MetricsBySplit, Verdict } from '../lifecycle/kpiEvaluation';
import { isMetricName } from '../lifecycle/metricCatalog';
import type { SplitMetrics } from '../ml/types';
import {
  REPORT_FORMAT,
  REPORT_FORMAT_VERSION,
  SPLIT_ORDER,
  type JsonValue,
  type ReportDocument,
} from './reportDocument';
import { readEvaluation } from './evaluationReport';

/** Thrown when a file is not a report this version can read; the message says why and what to do. */
export class ReportFormatError extends Error {
  override name = 'ReportFormatError';
}

type Obj = Record<string, unknown>;

const DAMAGED = 'The file may be damaged or edited by hand; export the report again from the workbench.';

function fail(path: string, expected: string, got: unknown): never {
  const actual = got === null ? 'null' : Array.isArray(got) ? 'a list' : typeof got;
  throw new ReportFormatError(
    `This report cannot be read: "${path}" should be ${expected} but is ${actual}. ${DAMAGED}`,
  );
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function obj(v: unknown, path: string): Obj {
  if (!isObj(v)) fail(path, 'an object', v);
  return v;
}

function list(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) fail(path, 'a list', v);
  return v;
}

function str(o: Obj, key: string, path: string): string {
  const v = o[key];
  if (typeof v !== 'string') fail(`${path}.${key}`, 'text', v);
  return v;
}

function num(o: Obj, key: string, path: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${path}.${key}`, 'a number', v);
  return v;
}

/** A number JSON may have written as null because it was NaN or infinite. */
function nanable(o: Obj, key: string, path: string): number {
  const v = o[key];
  if (v === null) return NaN;
  if (typeof v !== 'number') fail(`${path}.${key}`, 'a number or null', v);
  return v;
}

function nullableNum(o: Obj, key: string, path: string): number | null {
  const v = o[key];
  if (v === null) return null;
  if (typeof v !== 'number') fail(`${path}.${key}`, 'a number or null', v);
  return v;
}

function oneOf<T extends string>(o: Obj, key: string, path: string, allowed: readonly T[]): T {
  const v = o[key];
  const found = allowed.find((a) => a === v);
  if (found === undefined) fail(`${path}.${key}`, `one of ${allowed.join(', ')}`, v);
  return found;
}

function optional<T>(o: Obj, key: string, read: () => T): { [k: string]: T } {
  return o[key] === undefined ? {} : { [key]: read() };
}

function readKpiResult(v: unknown, path: string): KpiResult {
  const r = obj(v, path);
  const k = obj(r.kpi, `${path}.kpi`);
  const metric = k.metric;
  if (!isMetricName(metric)) fail(`${path}.kpi.metric`, 'a known metric name', metric);
  const kpi: Kpi = {
    id: str(k, 'id', `${path}.kpi`),
    metric,
    op: oneOf(k, 'op', `${path}.kpi`, ['>=', '<='] as const),
    threshold: num(k, 'threshold', `${path}.kpi`),
    split: oneOf(k, 'split', `${path}.kpi`, KPI_SPLITS),
  };
  return {
    kpi,
    value: nullableNum(r, 'value', path),
    verdict: oneOf(r, 'verdict', path, VERDICTS),
    margin: nullableNum(r, 'margin', path),
  };
}

const VERDICTS: readonly Verdict[] = ['pass', 'fail', 'missing'];

function readConfusion(v: unknown, path: string): number[][] {
  return list(v, path).map((row, i) =>
    list(row, `${path}[${i}]`).map((c, j) => {
      if (typeof c !== 'number' || !Number.isFinite(c)) fail(`${path}[${i}][${j}]`, 'a count', c);
      return c;
    }),
  );
}

function readSplitMetrics(v: unknown, path: string): SplitMetrics {
  const m = obj(v, path);
  const task = oneOf(m, 'task', path, ['classification', 'regression'] as const);
  const n = (key: string): number => nanable(m, key, path);
  if (task === 'regression') {
    return {
      task,
      rmse: n('rmse'),
      mae: n('mae'),
      r2: n('r2'),
      mape: n('mape'),
      medianAe: n('medianAe'),
      explainedVariance: n('explainedVariance'),
    };
  }
  return {
    task,
    accuracy: n('accuracy'),
    balancedAccuracy: n('balancedAccuracy'),
    precisionMacro: n('precisionMacro'),
    recallMacro: n('recallMacro'),
    f1Macro: n('f1Macro'),
    f1Weighted: n('f1Weighted'),
    logLoss: n('logLoss'),
    rocAuc: n('rocAuc'),
    cohenKappa: n('cohenKappa'),
    mcc: n('mcc'),
    averagePrecision: n('averagePrecision'),
    brier: n('brier'),
    confusion: readConfusion(m.confusion, `${path}.confusion`),
  };
}

function readMetrics(v: unknown): MetricsBySplit {
  const m = obj(v, 'metrics');
  const out: MetricsBySplit = {};
  for (const split of SPLIT_ORDER) {
    if (m[split] !== undefined) out[split] = readSplitMetrics(m[split], `metrics.${split}`);
  }
  return out;
}

function readJson(v: unknown, path: string): JsonValue {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return v;
  if (Array.isArray(v)) return v.map((x, i) => readJson(x, `${path}[${i}]`));
  if (typeof v === 'object') {
    // fromEntries defines properties: a key "__proto__" stays a key instead of setting the prototype.
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, readJson(x, `${path}.${k}`)]));
  }
  return fail(path, 'JSON', v);
}

function checkStamp(root: unknown): Obj {
  if (!isObj(root)) {
    throw new ReportFormatError('This is not a Lifecycle Workbench report: expected a JSON object.');
  }
  const doc = root;
  if (doc.format !== REPORT_FORMAT) {
    throw new ReportFormatError(
      `This is not a Lifecycle Workbench report: its format is ${JSON.stringify(doc.format) ?? 'missing'}, expected "${REPORT_FORMAT}".`,
    );
  }
  const version = doc.formatVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new ReportFormatError(
      `This report has no valid format version (found ${String(version)}). ${DAMAGED}`,
    );
  }
  if (version > REPORT_FORMAT_VERSION) {
    throw new ReportFormatError(
      `This report was made by a newer version of Lifecycle Workbench (report format ${version}); this version reads format ${REPORT_FORMAT_VERSION}. Open it with the newer version.`,
    );
  }
  return doc;
}

/**
 * Checks that `json` (already parsed) is a report this version can read and returns a typed
 * copy. Metric, loss and importance values written as null come back as NaN. Throws a
 * ReportFormatError naming the first wrong field.
 */
export function validateReportDocument(json: unknown): ReportDocument {
  const d = checkStamp(json);
  const app = obj(d.app, 'app');
  const project = obj(d.project, 'project');
  const dataset = obj(d.dataset, 'dataset');
  const framing = obj(d.framing, 'framing');
  const recipe = obj(d.recipe, 'recipe');
  const model = obj(d.model, 'model');
  const primary = framing.primaryMetric;
  if (!isMetricName(primary)) fail('framing.primaryMetric', 'a known metric name', primary);
  const doc: ReportDocument = {
    format: REPORT_FORMAT,
    formatVersion: REPORT_FORMAT_VERSION,
    generatedAt: str(d, 'generatedAt', 'report'),
    app: { name: str(app, 'name', 'app'), version: str(app, 'version', 'app') },
    project: {
      name: str(project, 'name', 'project'),
      goal: str(project, 'goal', 'project'),
      compliance: str(project, 'compliance', 'project'),
    },
    kpis: list(d.kpis, 'kpis').map((k, i) => readKpiResult(k, `kpis[${i}]`)),
    overall: oneOf(d, 'overall', 'report', VERDICTS),
    dataset: {
      name: str(dataset, 'name', 'dataset'),
      version: num(dataset, 'version', 'dataset'),
      hash: str(dataset, 'hash', 'dataset'),
      rows: num(dataset, 'rows', 'dataset'),
      columns: num(dataset, 'columns', 'dataset'),
      ...optional(dataset, 'fileName', () => str(dataset, 'fileName', 'dataset')),
    },
    framing: {
      target: str(framing, 'target', 'framing'),
      task: oneOf(framing, 'task', 'framing', ['classification', 'regression'] as const),
      primaryMetric: primary,
    },
    recipe: {
      steps: list(recipe.steps, 'recipe.steps').map((s, i) => {
        if (typeof s !== 'string') fail(`recipe.steps[${i}]`, 'text', s);
        return s;
      }),
      features: num(recipe, 'features', 'recipe'),
    },
    model: {
      name: str(model, 'name', 'model'),
      version: num(model, 'version', 'model'),
      family: str(model, 'family', 'model'),
      spec: readJson(model.spec, 'model.spec'),
      backend: str(model, 'backend', 'model'),
      backendReason: str(model, 'backendReason', 'model'),
      durationMs: num(model, 'durationMs', 'model'),
      trainedAt: str(model, 'trainedAt', 'model'),
      ...optional(model, 'seed', () => num(model, 'seed', 'model')),
    },
    splits: list(d.splits, 'splits').map((v, i) => {
      const s = obj(v, `splits[${i}]`);
      const at = `splits[${i}]`;
      return {
        name: oneOf(s, 'name', at, SPLIT_ORDER),
        rows: num(s, 'rows', at),
        ...optional(s, 'note', () => str(s, 'note', at)),
      };
    }),
    metrics: readMetrics(d.metrics),
    history: list(d.history, 'history').map((v, i) => {
      const h = obj(v, `history[${i}]`);
      const at = `history[${i}]`;
      return {
        epoch: num(h, 'epoch', at),
        loss: nanable(h, 'loss', at),
        ...optional(h, 'valLoss', () => nanable(h, 'valLoss', at)),
      };
    }),
  };
  if (d.classes !== undefined) {
    doc.classes = list(d.classes, 'classes').map((c, i) => {
      if (typeof c !== 'string') fail(`classes[${i}]`, 'text', c);
      return c;
    });
  }
  if (d.importance !== undefined) {
    doc.importance = list(d.importance, 'importance').map((v, i) => {
      const r = obj(v, `importance[${i}]`);
      const at = `importance[${i}]`;
      return {
        feature: str(r, 'feature', at),
        importance: nanable(r, 'importance', at),
        ...optional(r, 'std', () => nanable(r, 'std', at)),
      };
    });
  }
  if (d.evaluation !== undefined) doc.evaluation = readEvaluation(d.evaluation, fail);
  return doc;
}
