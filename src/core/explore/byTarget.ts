/**
 * One feature against the target, summarised in the worker for a chart: box plots of a number
 * per class (or per category of the feature for a numeric target), grouped bar counts for two
 * categorical columns, a sampled scatter for two numbers. Only summaries cross to the page.
 */
import { quantileSorted } from '../table/profile';
import { sortFloat64 } from '../table/sortNumbers';
import {
  MISSING_BOOL,
  cellText,
  getColumn,
  isBooleanColumn,
  isCategoricalColumn,
  isMissing,
  numericValues,
  type Column,
  type Table,
  booleanText,
} from '../table/table';
import { scatterSample, type ScatterSample } from './scatter';
import { LabelClipper } from './labels';

/** Tukey's box of one group: quartiles, whiskers at the furthest values within 1.5 × IQR. */
export interface BoxStats {
  label: string;
  count: number;
  min: number;
  q1: number;
  median: number;
  q3: number;
  max: number;
  mean: number;
  lowerFence: number;
  upperFence: number;
}

export type FeatureByTarget =
  | {
      kind: 'box';
      /** The column whose values are boxed, and the column whose values make the groups. */
      valueColumn: string;
      groupColumn: string;
      groups: BoxStats[];
      /** Groups left out because only the most frequent are shown. */
      otherGroups: number;
    }
  | {
      kind: 'bars';
      featureLevels: string[];
      targetLevels: string[];
      /** counts[t][f]: rows with target level t and feature level f. */
      counts: number[][];
      otherGroups: number;
    }
  | { kind: 'scatter'; sample: ScatterSample };

/** Box statistics of ascending, non-empty `sorted`. */
export function boxStats(label: string, sorted: Float64Array): BoxStats {
  const n = sorted.length;
  const q1 = quantileSorted(sorted, 0.25);
  const median = quantileSorted(sorted, 0.5);
  const q3 = quantileSorted(sorted, 0.75);
  const iqr = q3 - q1;
  let lowerFence = sorted[0]!;
  for (let i = 0; i < n; i++) {
    if (sorted[i]! >= q1 - 1.5 * iqr) {
      lowerFence = sorted[i]!;
      break;
    }
  }
  let upperFence = sorted[n - 1]!;
  for (let i = n - 1; i >= 0; i--) {
    if (sorted[i]! <= q3 + 1.5 * iqr) {
      upperFence = sorted[i]!;
      break;
    }
  }
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i]!;
  return {
    label,
    count: n,
    min: sorted[0]!,
    q1,
    median,
    q3,
    max: sorted[n - 1]!,
    mean: sum / n,
    lowerFence,
    upperFence,
  };
}

/** Group ids per row (−1 missing) and the text of each group, for a column used to group rows. */
function groupsOf(col: Column): { ids: Int32Array; labels: string[] } {
  const n = isCategoricalColumn(col) ? col.codes.length : col.values.length;
  if (isCategoricalColumn(col)) return { ids: col.codes, labels: [...col.dictionary] };
  const ids = new Int32Array(n);
  if (isBooleanColumn(col)) {
    for (let i = 0; i < n; i++) ids[i] = col.values[i] === MISSING_BOOL ? -1 : col.values[i]!;
    return { ids, labels: [booleanText(col, 0), booleanText(col, 1)] };
  }
  const index = new Map<string, number>();
  const labels: string[] = [];
  for (let i = 0; i < n; i++) {
    if (isMissing(col, i)) {
      ids[i] = -1;
      continue;
    }
    const text = cellText(col, i);
    let id = index.get(text);
    if (id === undefined) index.set(text, (id = labels.push(text) - 1));
    ids[i] = id;
  }
  return { ids, labels };
}

/** The `max` most frequent group ids (most frequent first; ties by first label order) and how many were left out. */
function topGroups(ids: Int32Array, count: number, max: number): { keep: number[]; left: number } {
  const freq = new Float64Array(count);
  for (const id of ids) if (id >= 0) freq[id]!++;
  const used = [...freq.keys()].filter((g) => freq[g]! > 0);
  used.sort((a, b) => freq[b]! - freq[a]! || a - b);
  return { keep: used.slice(0, max), left: Math.max(0, used.length - max) };
}

function isGroupColumn(col: Column): boolean {
  return isCategoricalColumn(col) || isBooleanColumn(col);
}

/**
 * How `feature` relates to `target`. `targetIsCategory` is the framing's task (classification):
 * then even an integer target groups rows. Numbers against groups give boxes; groups against
 * groups, grouped counts; numbers against numbers, a sampled scatter of at most `maxPoints`.
 */
export function featureByTarget(
  table: Table,
  feature: string,
  target: string,
  options: { targetIsCategory: boolean; maxGroups?: number; maxPoints?: number; seed?: number },
): FeatureByTarget {
  const f = getColumn(table, feature);
  const t = getColumn(table, target);
  const maxGroups = options.maxGroups ?? 20;
  const targetGroups = options.targetIsCategory || isGroupColumn(t);
  const featureGroups = isGroupColumn(f);

  if (!targetGroups && !featureGroups) {
    return {
      kind: 'scatter',
      sample: scatterSample(table, feature, target, { max: options.maxPoints ?? 3000, seed: options.seed }),
    };
  }
  if (targetGroups && featureGroups) {
    const fg = groupsOf(f);
    const tg = groupsOf(t);
    const fTop = topGroups(fg.ids, fg.labels.length, maxGroups);
    const tTop = topGroups(tg.ids, tg.labels.length, maxGroups);
    // Labels go to a chart: bounded (a category can be a megabyte of text).
    const fClip = new LabelClipper();
    const tClip = new LabelClipper();
    const fPos = new Map(fTop.keep.map((g, i) => [g, i]));
    const tPos = new Map(tTop.keep.map((g, i) => [g, i]));
    const counts = tTop.keep.map(() => new Array<number>(fTop.keep.length).fill(0));
    for (let r = 0; r < table.rowCount; r++) {
      const fi = fPos.get(fg.ids[r]!);
      const ti = tPos.get(tg.ids[r]!);
      if (fi !== undefined && ti !== undefined) counts[ti]![fi]!++;
    }
    return {
      kind: 'bars',
      featureLevels: fTop.keep.map((g) => fClip.label(fg.labels[g]!)),
      targetLevels: tTop.keep.map((g) => tClip.label(tg.labels[g]!)),
      counts,
      otherGroups: fTop.left + tTop.left,
    };
  }
  // One side groups, the other is boxed.
  const [valueCol, groupCol] = targetGroups ? [f, t] : [t, f];
  const values = numericValues(valueCol);
  const g = groupsOf(groupCol);
  const top = topGroups(g.ids, g.labels.length, maxGroups);
  const pos = new Map(top.keep.map((id, i) => [id, i]));
  const buckets: number[][] = top.keep.map(() => []);
  for (let r = 0; r < table.rowCount; r++) {
    const k = pos.get(g.ids[r]!);
    const v = values[r]!;
    if (k !== undefined && v === v) buckets[k]!.push(v);
  }
  const clip = new LabelClipper();
  const groups = buckets.flatMap((b, k) =>
    b.length === 0 ? [] : [boxStats(clip.label(g.labels[top.keep[k]!]!), sortFloat64(Float64Array.from(b)))],
  );
  return {
    kind: 'box',
    valueColumn: valueCol.name,
    groupColumn: groupCol.name,
    groups,
    otherGroups: top.left,
  };
}
