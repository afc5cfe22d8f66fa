/**
 * The report's evaluation part (format version 2): how the split was made, the curves and
 * diagnostics, the threshold and its value, segments, explanations, the KPI matrix across
 * models, and known limits. Only data: charts are stored as ChartSpec and drawn on rendering, so
 * a report read back from a shared file is drawn from checked numbers and escaped text.
 */
import type { Verdict } from '../lifecycle/kpiEvaluation';
import type { ValueMatrix } from '../ml/evaluation/threshold';
import { renderChart, type ChartSpec, type SignedBar } from './evaluationSvg';
import { escapeHtml as e, escapeMarkdownInline as mdi } from './text';

export type ChartSection = 'curves' | 'regression' | 'threshold' | 'segments' | 'explanations';

export interface ReportEvaluation {
  /** How the rows were split, in words (folds included). */
  split: string;
  crossValidation?: { folds: number; metrics: { metric: string; mean: number; std: number }[] };
  /** Which held-out rows the charts were computed on. */
  viewsOn?: string;
  charts: { section: ChartSection; chart: ChartSpec }[];
  threshold?: {
    value: number;
    best?: number;
    precision: number;
    recall: number;
    valuePerRow?: number;
    valueMatrix?: ValueMatrix;
    /** [[tn, fp], [fn, tp]]. */
    confusion: number[][];
  };
  segments?: {
    column: string;
    metric: string;
    rows: { label: string; rows: number; value: number; below: boolean }[];
  };
  matrix?: {
    kpis: string[];
    rows: {
      label: string;
      baseline: boolean;
      cells: { validation: string; test: string; outOfTime: string; verdict: Verdict }[];
    }[];
    warnings: string[];
  };
  reasons?: {
    row: number;
    method: string;
    space: string;
    output: string;
    expected: number;
    value: number;
    columns: { column: string; value: string; contribution: number; stdErr?: number }[];
  };
  /** What the model is for (the Goal), lineage of the data, and what it cannot do. */
  intendedUse?: string;
  lineage?: string[];
  limits: string[];
}

// ---- reading back -------------------------------------------------------------------------

export type Fail = (path: string, expected: string, got: unknown) => never;
type Obj = Record<string, unknown>;

function reader(fail: Fail) {
  const obj = (v: unknown, p: string): Obj =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : fail(p, 'an object', v);
  const list = (v: unknown, p: string): unknown[] => (Array.isArray(v) ? v : fail(p, 'a list', v));
  const str = (v: unknown, p: string): string => (typeof v === 'string' ? v : fail(p, 'text', v));
  // NaN and ±Infinity were written as null (JSON cannot hold them).
  const num = (v: unknown, p: string): number =>
    v === null ? NaN : typeof v === 'number' ? v : fail(p, 'a number', v);
  const bool = (v: unknown, p: string): boolean => (typeof v === 'boolean' ? v : fail(p, 'true or false', v));
  const opt = <T>(
    o: Obj,
    k: string,
    read: (v: unknown, p: string) => T,
    p: string,
  ): Partial<Record<string, T>> => (o[k] === undefined ? {} : { [k]: read(o[k], `${p}.${k}`) });
  return { obj, list, str, num, bool, opt };
}

function readChart(v: unknown, p: string, fail: Fail): ChartSpec {
  const { obj, list, str, num, bool, opt } = reader(fail);
  const c = obj(v, p);
  const common = {
    title: str(c.title, `${p}.title`),
    description: str(c.description, `${p}.description`),
    xLabel: str(c.xLabel, `${p}.xLabel`),
  };
  const pair = (x: unknown, q: string): [number, number] => {
    const a = list(x, q);
    return [num(a[0], `${q}[0]`), num(a[1], `${q}[1]`)];
  };
  switch (c.kind) {
    case 'line':
      return {
        kind: 'line',
        ...common,
        yLabel: str(c.yLabel, `${p}.yLabel`),
        series: list(c.series, `${p}.series`).map((s, i) => {
          const q = `${p}.series[${i}]`;
          const o = obj(s, q);
          return {
            name: str(o.name, `${q}.name`),
            points: list(o.points, `${q}.points`).map((x, j) => pair(x, `${q}.points[${j}]`)),
            ...(opt(o, 'dashed', bool, q) as { dashed?: boolean }),
            ...(opt(o, 'muted', bool, q) as { muted?: boolean }),
            ...(opt(o, 'dots', bool, q) as { dots?: boolean }),
          };
        }),
        ...(opt(c, 'unitX', bool, p) as { unitX?: boolean }),
        ...(opt(c, 'unitY', bool, p) as { unitY?: boolean }),
        ...(c.markers === undefined
          ? {}
          : {
              markers: list(c.markers, `${p}.markers`).map((m, i) => {
                const o = obj(m, `${p}.markers[${i}]`);
                // A colour is drawn into an attribute: only #rrggbb is accepted.
                const color = o.color === undefined ? undefined : str(o.color, `${p}.markers[${i}].color`);
                if (color !== undefined && !/^#[0-9a-f]{6}$/i.test(color))
                  fail(`${p}.markers[${i}].color`, 'a #rrggbb colour', color);
                return {
                  x: num(o.x, `${p}.markers[${i}].x`),
                  label: str(o.label, `${p}.markers[${i}].label`),
                  ...(color ? { color } : {}),
                };
              }),
            }),
      };
    case 'scatter':
      return {
        kind: 'scatter',
        ...common,
        yLabel: str(c.yLabel, `${p}.yLabel`),
        points: list(c.points, `${p}.points`).map((x, j) => pair(x, `${p}.points[${j}]`)),
        ...(opt(c, 'diagonal', bool, p) as { diagonal?: boolean }),
        ...(opt(c, 'zeroLine', bool, p) as { zeroLine?: boolean }),
      };
    case 'bars':
      return {
        kind: 'bars',
        ...common,
        bars: list(c.bars, `${p}.bars`).map((b, i): SignedBar => {
          const q = `${p}.bars[${i}]`;
          const o = obj(b, q);
          return {
            label: str(o.label, `${q}.label`),
            value: num(o.value, `${q}.value`),
            ...(opt(o, 'spread', num, q) as { spread?: number }),
            ...(opt(o, 'flagged', bool, q) as { flagged?: boolean }),
            ...(opt(o, 'note', str, q) as { note?: string }),
          };
        }),
      };
    case 'histogram':
      return {
        kind: 'histogram',
        ...common,
        bins: list(c.bins, `${p}.bins`).map((b, i) => {
          const o = obj(b, `${p}.bins[${i}]`);
          return {
            from: num(o.from, `${p}.bins[${i}].from`),
            to: num(o.to, `${p}.bins[${i}].to`),
            count: num(o.count, `${p}.bins[${i}].count`),
          };
        }),
      };
    default:
      return fail(`${p}.kind`, "'line', 'scatter', 'bars' or 'histogram'", c.kind);
  }
}

const SECTIONS: readonly ChartSection[] = ['curves', 'regression', 'threshold', 'segments', 'explanations'];
const VERDICTS: readonly Verdict[] = ['pass', 'fail', 'missing'];

/** Checks the evaluation part of a report read back; `fail` names the first wrong field. */
export function readEvaluation(v: unknown, fail: Fail): ReportEvaluation {
  const { obj, list, str, num, bool } = reader(fail);
  const d = obj(v, 'evaluation');
  const strings = (x: unknown, p: string) => list(x, p).map((s, i) => str(s, `${p}[${i}]`));
  const out: ReportEvaluation = {
    split: str(d.split, 'evaluation.split'),
    charts: list(d.charts, 'evaluation.charts').map((c, i) => {
      const o = obj(c, `evaluation.charts[${i}]`);
      const section = o.section as ChartSection;
      if (!SECTIONS.includes(section)) fail(`evaluation.charts[${i}].section`, 'a known section', o.section);
      return { section, chart: readChart(o.chart, `evaluation.charts[${i}].chart`, fail) };
    }),
    limits: strings(d.limits, 'evaluation.limits'),
  };
  if (d.viewsOn !== undefined) out.viewsOn = str(d.viewsOn, 'evaluation.viewsOn');
  if (d.intendedUse !== undefined) out.intendedUse = str(d.intendedUse, 'evaluation.intendedUse');
  if (d.lineage !== undefined) out.lineage = strings(d.lineage, 'evaluation.lineage');
  if (d.crossValidation !== undefined) {
    const cv = obj(d.crossValidation, 'evaluation.crossValidation');
    out.crossValidation = {
      folds: num(cv.folds, 'evaluation.crossValidation.folds'),
      metrics: list(cv.metrics, 'evaluation.crossValidation.metrics').map((m, i) => {
        const o = obj(m, `evaluation.crossValidation.metrics[${i}]`);
        const p = `evaluation.crossValidation.metrics[${i}]`;
        return {
          metric: str(o.metric, `${p}.metric`),
          mean: num(o.mean, `${p}.mean`),
          std: num(o.std, `${p}.std`),
        };
      }),
    };
  }
  if (d.threshold !== undefined) {
    const t = obj(d.threshold, 'evaluation.threshold');
    const p = 'evaluation.threshold';
    const vm = t.valueMatrix === undefined ? undefined : obj(t.valueMatrix, `${p}.valueMatrix`);
    out.threshold = {
      value: num(t.value, `${p}.value`),
      precision: num(t.precision, `${p}.precision`),
      recall: num(t.recall, `${p}.recall`),
      confusion: list(t.confusion, `${p}.confusion`).map((r, i) =>
        list(r, `${p}.confusion[${i}]`).map((x, j) => num(x, `${p}.confusion[${i}][${j}]`)),
      ),
      ...(t.best === undefined ? {} : { best: num(t.best, `${p}.best`) }),
      ...(t.valuePerRow === undefined ? {} : { valuePerRow: num(t.valuePerRow, `${p}.valuePerRow`) }),
      ...(vm
        ? {
            valueMatrix: {
              tp: num(vm.tp, `${p}.valueMatrix.tp`),
              fp: num(vm.fp, `${p}.valueMatrix.fp`),
              fn: num(vm.fn, `${p}.valueMatrix.fn`),
              tn: num(vm.tn, `${p}.valueMatrix.tn`),
            },
          }
        : {}),
    };
  }
  if (d.segments !== undefined) {
    const s = obj(d.segments, 'evaluation.segments');
    out.segments = {
      column: str(s.column, 'evaluation.segments.column'),
      metric: str(s.metric, 'evaluation.segments.metric'),
      rows: list(s.rows, 'evaluation.segments.rows').map((r, i) => {
        const o = obj(r, `evaluation.segments.rows[${i}]`);
        const p = `evaluation.segments.rows[${i}]`;
        return {
          label: str(o.label, `${p}.label`),
          rows: num(o.rows, `${p}.rows`),
          value: num(o.value, `${p}.value`),
          below: bool(o.below, `${p}.below`),
        };
      }),
    };
  }
  if (d.matrix !== undefined) {
    const m = obj(d.matrix, 'evaluation.matrix');
    out.matrix = {
      kpis: strings(m.kpis, 'evaluation.matrix.kpis'),
      warnings: strings(m.warnings, 'evaluation.matrix.warnings'),
      rows: list(m.rows, 'evaluation.matrix.rows').map((r, i) => {
        const p = `evaluation.matrix.rows[${i}]`;
        const o = obj(r, p);
        return {
          label: str(o.label, `${p}.label`),
          baseline: bool(o.baseline, `${p}.baseline`),
          cells: list(o.cells, `${p}.cells`).map((c, j) => {
            const q = `${p}.cells[${j}]`;
            const x = obj(c, q);
            const verdict = x.verdict as Verdict;
            if (!VERDICTS.includes(verdict)) fail(`${q}.verdict`, "'pass', 'fail' or 'missing'", x.verdict);
            return {
              validation: str(x.validation, `${q}.validation`),
              test: str(x.test, `${q}.test`),
              outOfTime: str(x.outOfTime, `${q}.outOfTime`),
              verdict,
            };
          }),
        };
      }),
    };
  }
  if (d.reasons !== undefined) {
    const r = obj(d.reasons, 'evaluation.reasons');
    const p = 'evaluation.reasons';
    out.reasons = {
      row: num(r.row, `${p}.row`),
      method: str(r.method, `${p}.method`),
      space: str(r.space, `${p}.space`),
      output: str(r.output, `${p}.output`),
      expected: num(r.expected, `${p}.expected`),
      value: num(r.value, `${p}.value`),
      columns: list(r.columns, `${p}.columns`).map((c, i) => {
        const o = obj(c, `${p}.columns[${i}]`);
        const q = `${p}.columns[${i}]`;
        return {
          column: str(o.column, `${q}.column`),
          value: str(o.value, `${q}.value`),
          contribution: num(o.contribution, `${q}.contribution`),
          ...(o.stdErr === undefined ? {} : { stdErr: num(o.stdErr, `${q}.stdErr`) }),
        };
      }),
    };
  }
  return out;
}

// ---- rendering ----------------------------------------------------------------------------

const f4 = (v: number) => (Number.isFinite(v) ? v.toFixed(4) : '—');

function charts(ev: ReportEvaluation, section: ChartSection): string {
  return ev.charts
    .map((c, i) => ({ ...c, i }))
    .filter((c) => c.section === section)
    .map((c) => `<figure>${renderChart(c.chart, `ev${c.i}`)}</figure>`)
    .join('\n');
}

/** The evaluation sections of the HTML report (all text escaped, charts drawn from data). */
export function evaluationHtml(
  ev: ReportEvaluation,
  section: (id: string, title: string, body: string) => string,
): string {
  const out: string[] = [];
  const split = [`<p class="prose">${e(ev.split)}</p>`];
  if (ev.crossValidation) {
    split.push(
      `<table><thead><tr><th scope="col">Metric</th><th scope="col" class="num">Mean of ${e(String(ev.crossValidation.folds))} folds</th><th scope="col" class="num">Std</th></tr></thead><tbody>${ev.crossValidation.metrics
        .map(
          (m) =>
            `<tr><th scope="row">${e(m.metric)}</th><td class="num">${e(f4(m.mean))}</td><td class="num">${e(f4(m.std))}</td></tr>`,
        )
        .join('')}</tbody></table>`,
    );
  }
  out.push(section('split', 'How the rows were split', split.join('\n')));
  if (ev.matrix) {
    const head = ev.matrix.kpis.map((k) => `<th scope="col" colspan="4">${e(k)}</th>`).join('');
    const sub = ev.matrix.kpis
      .map(() => '<th>Validation</th><th>Test</th><th>Out of time</th><th>Verdict</th>')
      .join('');
    const rows = ev.matrix.rows.map(
      (r) =>
        `<tr><th scope="row">${e(r.label)}${r.baseline ? ' (baseline)' : ''}</th>${r.cells
          .map(
            (c) =>
              `<td class="num">${e(c.validation)}</td><td class="num">${e(c.test)}</td><td class="num">${e(c.outOfTime)}</td><td>${e(c.verdict)}</td>`,
          )
          .join('')}</tr>`,
    );
    const warn = ev.matrix.warnings.length
      ? `<ul class="warnings">${ev.matrix.warnings.map((w) => `<li>${e(w)}</li>`).join('')}</ul>`
      : '';
    out.push(
      section(
        'kpi-matrix',
        'KPIs across models',
        `<table><thead><tr><th></th>${head}</tr><tr><th>Model</th>${sub}</tr></thead><tbody>${rows.join('')}</tbody></table>\n<p class="desc">Value ± std across folds [95% bootstrap interval].</p>${warn}`,
      ),
    );
  }
  const curves = charts(ev, 'curves') + charts(ev, 'regression');
  if (curves)
    out.push(section('curves', `Held-out predictions${ev.viewsOn ? `: ${ev.viewsOn}` : ''}`, curves));
  if (ev.threshold) {
    const t = ev.threshold;
    const vm = t.valueMatrix;
    const parts = [
      `<p>Decision threshold <strong>${e(t.value.toFixed(2))}</strong>${t.best !== undefined ? ` (best value per row at ${e(t.best.toFixed(2))})` : ''}: precision ${e(f4(t.precision))}, recall ${e(f4(t.recall))}${t.valuePerRow !== undefined ? `, value per row ${e(f4(t.valuePerRow))}` : ''}.</p>`,
      vm
        ? `<p class="desc">Value matrix: true positive ${e(String(vm.tp))}, false positive ${e(String(vm.fp))}, false negative ${e(String(vm.fn))}, true negative ${e(String(vm.tn))}.</p>`
        : '',
      `<table><thead><tr><th></th><th>Predicted negative</th><th>Predicted positive</th></tr></thead><tbody><tr><th scope="row">True negative class</th><td class="num">${e(String(t.confusion[0]?.[0] ?? ''))}</td><td class="num">${e(String(t.confusion[0]?.[1] ?? ''))}</td></tr><tr><th scope="row">True positive class</th><td class="num">${e(String(t.confusion[1]?.[0] ?? ''))}</td><td class="num">${e(String(t.confusion[1]?.[1] ?? ''))}</td></tr></tbody></table>`,
      charts(ev, 'threshold'),
    ];
    out.push(section('threshold', 'Threshold and value', parts.join('\n')));
  }
  if (ev.segments) {
    const s = ev.segments;
    const rows = s.rows.map(
      (r) =>
        `<tr><td>${e(r.label)}</td><td class="num">${e(String(r.rows))}</td><td class="num">${e(f4(r.value))}</td><td>${r.below ? 'below the KPI' : ''}</td></tr>`,
    );
    out.push(
      section(
        'segments',
        `Segments by ${s.column}`,
        `${charts(ev, 'segments')}<table><thead><tr><th>${e(s.column)}</th><th class="num">Rows</th><th class="num">${e(s.metric)}</th><th></th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
      ),
    );
  }
  const expl = charts(ev, 'explanations');
  if (expl || ev.reasons) {
    const parts = [expl];
    if (ev.reasons) {
      const r = ev.reasons;
      parts.push(
        `<h3>Reasons for row ${e(String(r.row))} (${e(r.method)}, ${e(r.space)} of ${e(r.output)})</h3>`,
        `<p>Expected value ${e(f4(r.expected))} + contributions = model output ${e(f4(r.value))}.</p>`,
        `<table><thead><tr><th>Column</th><th>Value</th><th class="num">Contribution</th></tr></thead><tbody>${r.columns
          .map(
            (c) =>
              `<tr><td>${e(c.column)}</td><td>${e(c.value)}</td><td class="num">${e(f4(c.contribution))}${c.stdErr !== undefined ? ` ± ${e(f4(c.stdErr))}` : ''}</td></tr>`,
          )
          .join('')}</tbody></table>`,
      );
    }
    out.push(section('explanations', 'Explanations', parts.join('\n')));
  }
  if (ev.limits.length)
    out.push(
      section('limits', 'Known limits', `<ul>${ev.limits.map((l) => `<li>${e(l)}</li>`).join('')}</ul>`),
    );
  return out.join('\n');
}

function mdTable(head: string[], rows: string[][]): string {
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

/** The model card: the Markdown document beside the report. */
export function evaluationMarkdown(ev: ReportEvaluation): string[] {
  const out: string[] = [];
  if (ev.intendedUse) out.push('## Intended use', '', mdi(ev.intendedUse), '');
  if (ev.lineage?.length) out.push('## Data and lineage', '', ...ev.lineage.map((l) => `- ${mdi(l)}`), '');
  out.push('## How the rows were split', '', mdi(ev.split), '');
  if (ev.crossValidation) {
    out.push(
      mdTable(
        ['Metric', `Mean of ${ev.crossValidation.folds} folds`, 'Std'],
        ev.crossValidation.metrics.map((m) => [mdi(m.metric), f4(m.mean), f4(m.std)]),
      ),
      '',
    );
  }
  if (ev.matrix) {
    out.push('## KPIs with 95% intervals', '');
    const head = [
      'Model',
      ...ev.matrix.kpis.flatMap((k) => [`${mdi(k)}: validation`, 'test', 'out of time', 'verdict']),
    ];
    out.push(
      mdTable(
        head,
        ev.matrix.rows.map((r) => [
          mdi(r.label + (r.baseline ? ' (baseline)' : '')),
          ...r.cells.flatMap((c) => [mdi(c.validation), mdi(c.test), mdi(c.outOfTime), c.verdict]),
        ]),
      ),
      '',
    );
    for (const w of ev.matrix.warnings) out.push(`- ⚠ ${mdi(w)}`);
    out.push('');
  }
  if (ev.threshold) {
    const t = ev.threshold;
    out.push(
      '## Decision threshold',
      '',
      `Threshold ${t.value.toFixed(2)}: precision ${f4(t.precision)}, recall ${f4(t.recall)}${t.valuePerRow !== undefined ? `, value per row ${f4(t.valuePerRow)}` : ''}${t.best !== undefined ? ` (best value at ${t.best.toFixed(2)})` : ''}.`,
      '',
    );
  }
  if (ev.segments) {
    out.push(
      `## Segments by ${mdi(ev.segments.column)}`,
      '',
      mdTable(
        ['Segment', 'Rows', mdi(ev.segments.metric), ''],
        ev.segments.rows.map((r) => [
          mdi(r.label),
          String(r.rows),
          f4(r.value),
          r.below ? 'below the KPI' : '',
        ]),
      ),
      '',
    );
  }
  const imp = ev.charts.find(
    (c) =>
      c.section === 'explanations' && c.chart.kind === 'bars' && c.chart.title === 'Permutation importance',
  );
  if (imp && imp.chart.kind === 'bars') {
    out.push(
      '## What drives the predictions',
      '',
      mdTable(
        ['Column', 'Importance'],
        imp.chart.bars.map((b) => [mdi(b.label), mdi(b.note ?? f4(b.value))]),
      ),
      '',
    );
  }
  if (ev.reasons) {
    const r = ev.reasons;
    out.push(
      `### Reasons for row ${r.row}`,
      '',
      `${mdi(r.method)}, ${mdi(r.space)} of ${mdi(r.output)}: expected ${f4(r.expected)}, output ${f4(r.value)}.`,
      '',
      mdTable(
        ['Column', 'Value', 'Contribution'],
        r.columns.map((c) => [mdi(c.column), mdi(c.value), f4(c.contribution)]),
      ),
      '',
    );
  }
  out.push('## Known limits', '', ...ev.limits.map((l) => `- ${mdi(l)}`), '');
  return out;
}
