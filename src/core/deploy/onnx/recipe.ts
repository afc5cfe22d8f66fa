/**
 * The fitted recipe as ONNX nodes. Each input column is a graph input of shape [N, 1]: numbers,
 * booleans (0/1) and dates (epoch ms) as double, categories as strings with "" for a missing
 * value. The recipe computes in double, as the workbench does, and the features are concatenated
 * in the recipe's feature order and rounded to float once, as the workbench's matrix is: a value
 * that lands exactly on a tree split then goes the same way in both. Steps without an ONNX form here (date parts, formulas, filling a text column) are refused
 * by name: the model file and score.mjs still cover them.
 */
import { describeStep } from '../../features/describe';
import type { FittedRecipe, FittedStep, SchemaColumn } from '../../features/types';
import type { GraphBuilder } from './graph';
import { ML_DOMAIN } from './graph';
import { DataType } from './proto';

/** A recipe step (or model) the ONNX export cannot express; the message names it. */
export class OnnxUnsupportedError extends Error {
  override readonly name = 'OnnxUnsupportedError';
}

type Work = { kind: 'float'; tensor: string } | { kind: 'string'; tensor: string };

const CATEGORICAL = new Set(['category', 'text', 'identifier']);

/** The float feature matrix [N, features] of the recipe; graph inputs are added as columns are read. */
export function recipeToOnnx(g: GraphBuilder, recipe: FittedRecipe): string {
  const schema = new Map<string, SchemaColumn>(
    recipe.inputSchema.filter((c) => c.name !== recipe.target).map((c) => [c.name, c]),
  );
  const work = new Map<string, Work>();
  const read = (name: string, stepIndex: number): Work => {
    const have = work.get(name);
    if (have) return have;
    const col = schema.get(name);
    if (!col)
      throw new OnnxUnsupportedError(
        `Step ${stepIndex + 1} reads column "${name}", which the recipe does not describe.`,
      );
    const isText = CATEGORICAL.has(col.type);
    const w: Work = {
      kind: isText ? 'string' : 'float',
      tensor: g.input(name, isText ? DataType.STRING : DataType.DOUBLE, 1),
    };
    work.set(name, w);
    return w;
  };
  const float = (name: string, step: number): string => {
    const w = read(name, step);
    if (w.kind !== 'float') {
      throw new OnnxUnsupportedError(
        `Step ${step + 1} needs numbers from "${name}", which holds text; ONNX export cannot do that.`,
      );
    }
    return w.tensor;
  };
  const text = (name: string, step: number, what: string): string => {
    const w = read(name, step);
    if (w.kind !== 'string') {
      throw new OnnxUnsupportedError(
        `Step ${step + 1} (${what}) encodes "${name}", which is not a text column; ONNX export encodes text columns only.`,
      );
    }
    return w.tensor;
  };
  const set = (name: string, tensor: string) => work.set(name, { kind: 'float', tensor });
  /**
   * A text column to doubles: `values[i]` for `keys[i]`, `fallback` for any other text. The
   * LabelEncoder gives an index and Gather reads a double table, so encodings keep every bit
   * (LabelEncoder's own float values would round them).
   */
  const lookup = (input: string, keys: string[], values: number[], fallback: number): string => {
    const index = g.op(
      'LabelEncoder',
      [input],
      {
        keys_strings: keys,
        values_int64s: { ints: keys.map((_, k) => k) },
        default_int64: keys.length,
      },
      ML_DOMAIN,
    );
    return g.op('Gather', [g.doubles('table', [...values, fallback], [values.length + 1]), index], {
      axis: 0,
    });
  };
  const equals = (x: string, k: number): string =>
    g.op('Cast', [g.op('Equal', [x, g.double('k', k)])], { to: DataType.DOUBLE });

  recipe.steps.forEach((step: FittedStep, i) => {
    const spec = recipe.spec.steps[i];
    const label = spec ? describeStep(spec) : step.kind;
    switch (step.kind) {
      case 'drop':
        for (const c of step.columns) work.delete(c);
        return;
      case 'impute':
        for (const c of step.columns) {
          const w = read(c.name, i);
          if (w.kind !== 'float' || typeof c.fill !== 'number') {
            throw new OnnxUnsupportedError(
              `Step ${i + 1} (${label}) fills the text column "${c.name}"; ONNX export cannot fill text.`,
            );
          }
          // Where(IsNaN) rather than ai.onnx.ml Imputer: standard ops keep onnx.checker's type
          // inference complete (it infers no type for Imputer's output).
          const nan = g.op('IsNaN', [w.tensor]);
          if (c.indicator) set(c.indicator, g.op('Cast', [nan], { to: DataType.DOUBLE }));
          set(c.name, g.op('Where', [nan, g.double('fill', c.fill), w.tensor]));
        }
        return;
      case 'scale':
        for (const c of step.columns) {
          set(
            c.name,
            g.op('Div', [
              g.op('Sub', [float(c.name, i), g.double('center', c.center)]),
              g.double('scale', c.scale),
            ]),
          );
        }
        return;
      case 'clipQuantiles':
        for (const c of step.columns) {
          set(c.name, g.op('Clip', [float(c.name, i), g.double('low', c.low), g.double('high', c.high)]));
        }
        return;
      case 'power':
        for (const c of step.columns) {
          const x = float(c.name, i);
          if (step.method === 'log1p') {
            set(
              c.name,
              g.op('Log', [
                g.op('Add', [g.op('Max', [x, g.double('floor', c.floor ?? 0)]), g.double('one', 1)]),
              ]),
            );
          } else {
            set(c.name, yeoJohnson(g, x, c.lambda ?? 1, c.mean ?? 0, c.std ?? 1));
          }
        }
        return;
      case 'bin':
        for (const c of step.columns) {
          const x = float(c.name, i);
          const inner = c.edges.slice(1, -1);
          let bins = g.op('Mul', [x, g.double('zero', 0)]);
          for (const e of inner) {
            bins = g.op('Add', [
              bins,
              g.op('Cast', [g.op('GreaterOrEqual', [x, g.double('edge', e)])], { to: DataType.DOUBLE }),
            ]);
          }
          work.delete(c.name);
          if (step.output === 'ordinal') set(c.name, bins);
          else c.outputs.forEach((out, b) => set(out, equals(bins, b)));
        }
        return;
      case 'oneHot':
        for (const c of step.columns) {
          const x = text(c.name, i, label);
          const names = [
            ...(c.missingOutput ? [c.missingOutput] : []),
            ...c.outputs,
            ...(c.otherOutput ? [c.otherOutput] : []),
          ];
          const first = c.missingOutput ? 1 : 0;
          const keys = [...c.categories];
          const at = c.categories.map((_, k) => first + k);
          if (c.otherOutput) {
            for (const cat of c.infrequent) {
              keys.push(cat);
              at.push(names.length - 1);
            }
          }
          if (c.missingOutput) {
            keys.push('');
            at.push(0);
          }
          const index = lookup(x, keys, at, -1);
          work.delete(c.name);
          names.forEach((n, k) => set(n, equals(index, k)));
        }
        return;
      case 'ordinal':
        for (const c of step.columns) {
          set(
            c.name,
            lookup(
              text(c.name, i, label),
              c.categories,
              c.categories.map((_, k) => k),
              -1,
            ),
          );
        }
        return;
      case 'targetEncode':
        for (const c of step.columns) {
          const x = text(c.name, i, label);
          const missing = c.missing ?? c.prior;
          work.delete(c.name);
          c.outputs.forEach((out, o) => {
            const values = [...c.encodings.map((e) => e[o]!), missing[o]!];
            set(out, lookup(x, [...c.categories, ''], values, c.prior[o]!));
          });
        }
        return;
      case 'interactions':
      case 'polynomial':
        for (const p of step.products) set(p.output, g.op('Mul', [float(p.a, i), float(p.b, i)]));
        return;
      case 'dateParts':
      case 'formula':
        throw new OnnxUnsupportedError(
          `Step ${i + 1} (${label}) has no ONNX form here. Export the model file and score it with score.mjs, or remove the step to export ONNX.`,
        );
    }
  });
  const columns = recipe.features.map((f) => {
    const w = work.get(f.name) ?? read(f.name, -1);
    if (w.kind !== 'float')
      throw new OnnxUnsupportedError(`Feature "${f.name}" is still text at the end of the recipe.`);
    return w.tensor;
  });
  const matrix = columns.length === 1 ? columns[0]! : g.op('Concat', columns, { axis: 1 });
  return g.op('Cast', [matrix], { to: DataType.FLOAT });
}

/** Yeo-Johnson as in core/features/yeoJohnson.ts, both branches computed and chosen by sign. */
function yeoJohnson(g: GraphBuilder, x: string, lambda: number, mean: number, std: number): string {
  const EPS = 1e-10;
  const one = g.double('one', 1);
  const pos = g.op('Add', [g.op('Relu', [x]), one]);
  const neg = g.op('Add', [g.op('Relu', [g.op('Neg', [x])]), one]);
  const posOut =
    Math.abs(lambda) < EPS
      ? g.op('Log', [pos])
      : g.op('Div', [
          g.op('Sub', [g.op('Pow', [pos, g.double('lambda', lambda)]), one]),
          g.double('lambda', lambda),
        ]);
  const negOut =
    Math.abs(lambda - 2) > EPS
      ? g.op('Neg', [
          g.op('Div', [
            g.op('Sub', [g.op('Pow', [neg, g.double('l2', 2 - lambda)]), one]),
            g.double('l2', 2 - lambda),
          ]),
        ])
      : g.op('Neg', [g.op('Log', [neg])]);
  const chosen = g.op('Where', [g.op('GreaterOrEqual', [x, g.double('zero', 0)]), posOut, negOut]);
  return g.op('Div', [g.op('Sub', [chosen, g.double('mean', mean)]), g.double('std', std)]);
}
