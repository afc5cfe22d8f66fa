import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TreeExplainer } from '../../../../src/core/ml/explain/treeShap';
import { forestRaw, type Forest } from '../../../../src/core/ml/models/gbdt/forest';

type XgbNode =
  | {
      feature: number;
      threshold: number;
      cover: number;
      yes: XgbNode;
      no: XgbNode;
      missing_goes_yes: boolean;
    }
  | { leaf: number; cover: number };
interface Ensemble {
  objective: string;
  base_margin: number;
  trees: XgbNode[];
  X: (number | null)[][];
  shap: number[][];
  expected_value: number[];
  margin: number[];
}
const golden = JSON.parse(
  readFileSync(new URL('../../../fixtures/golden/explain.json', import.meta.url), 'utf8'),
) as { tree_shap: Ensemble[] };

/** The largest double below `v`: XGBoost sends x < t left, our forest x ≤ threshold. */
function nextDown(v: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  const bits = view.getBigInt64(0);
  view.setBigInt64(0, v > 0 ? bits - 1n : v < 0 ? bits + 1n : -0x8000000000000000n + 1n);
  return view.getFloat64(0);
}

/** XGBoost's JSON trees (with covers) in our flat Forest form. */
function toForest(e: Ensemble, cols: number): Forest {
  const nodes: {
    feature: number;
    threshold: number;
    missingLeft: number;
    left: number;
    right: number;
    value: number;
    cover: number;
  }[] = [];
  const treeStart: number[] = [];
  const add = (n: XgbNode): number => {
    const id = nodes.length;
    nodes.push({ feature: -1, threshold: 0, missingLeft: 0, left: -1, right: -1, value: 0, cover: n.cover });
    if ('leaf' in n) {
      nodes[id]!.value = n.leaf;
      return id;
    }
    const left = add(n.yes);
    const right = add(n.no);
    Object.assign(nodes[id]!, {
      feature: n.feature,
      // XGBoost compares in float32.
      threshold: nextDown(Math.fround(n.threshold)),
      missingLeft: n.missing_goes_yes ? 1 : 0,
      left,
      right,
    });
    return id;
  };
  for (const t of e.trees) treeStart.push(add(t));
  return {
    cols,
    nOutputs: 1,
    baseline: Float64Array.of(e.base_margin),
    treeStart: Int32Array.from(treeStart),
    feature: Int32Array.from(nodes, (n) => n.feature),
    threshold: Float64Array.from(nodes, (n) => n.threshold),
    missingLeft: Uint8Array.from(nodes, (n) => n.missingLeft),
    left: Int32Array.from(nodes, (n) => n.left),
    right: Int32Array.from(nodes, (n) => n.right),
    value: Float64Array.from(nodes, (n) => n.value),
    featureGain: new Float64Array(cols),
    cover: Float64Array.from(nodes, (n) => n.cover),
  };
}

describe('TreeSHAP', () => {
  it.each(golden.tree_shap)('matches XGBoost pred_contribs to 1e-5 ($objective)', (e) => {
    const cols = e.X[0]!.length;
    const rows = e.X.length;
    const x = Float32Array.from(e.X.flat(), (v) => (v === null ? NaN : v));
    const forest = toForest(e, cols);
    const raw = forestRaw(forest, x, rows);
    const explainer = new TreeExplainer(forest);
    const phi = explainer.explain(x, 0, rows);
    for (let r = 0; r < rows; r++) {
      expect(raw[r]).toBeCloseTo(e.margin[r]!, 5);
      expect(phi[r * (cols + 1) + cols]).toBeCloseTo(e.expected_value[r]!, 5);
      let sum = 0;
      for (let j = 0; j <= cols; j++) {
        if (j < cols) expect(Math.abs(phi[r * (cols + 1) + j]! - e.shap[r]![j]!)).toBeLessThan(1e-5);
        sum += phi[r * (cols + 1) + j]!;
      }
      // Contributions plus the expected value are the row's raw score.
      expect(sum).toBeCloseTo(raw[r]!, 10);
    }
    // Missing values appear in the golden rows and take their split's missing side.
    expect(e.X.flat().some((v) => v === null)).toBe(true);
  });

  it('gives a feature no split uses exactly 0', () => {
    const e = golden.tree_shap[1]!;
    const cols = e.X[0]!.length + 1;
    const forest = toForest(e, cols);
    const x = Float32Array.from(e.X.flatMap((r) => [...r.map((v) => (v === null ? NaN : v)), 123]));
    const phi = new TreeExplainer(forest).explain(x, 0, e.X.length);
    for (let r = 0; r < e.X.length; r++) expect(phi[r * (cols + 1) + cols - 1]).toBe(0);
  });
});
