/**
 * A small builder for an ONNX graph: nodes, constant initializers and unique tensor names.
 */
import { AttributeType, DataType } from './proto';

/** A number is an INT attribute; `{ f }` a FLOAT, `{ ints }`/`{ floats }` lists, string[] STRINGS. */
export type AttrValue =
  number | string | string[] | { f: number } | { ints: number[] } | { floats: number[] };

interface Attribute {
  name: string;
  type: number;
  f?: number;
  i?: number;
  s?: Uint8Array;
  floats?: number[];
  ints?: number[];
  strings?: Uint8Array[];
}

interface ValueInfo {
  name: string;
  type: { tensorType: { elemType: number; shape: { dim: ({ dimParam: string } | { dimValue: number })[] } } };
}

export const ML_DOMAIN = 'ai.onnx.ml';
const text = new TextEncoder();

function attribute(name: string, value: AttrValue): Attribute {
  if (typeof value === 'string') return { name, type: AttributeType.STRING, s: text.encode(value) };
  if (typeof value === 'number') return { name, type: AttributeType.INT, i: value };
  if (Array.isArray(value)) {
    return { name, type: AttributeType.STRINGS, strings: value.map((s) => text.encode(s)) };
  }
  if ('f' in value) return { name, type: AttributeType.FLOAT, f: value.f };
  return 'ints' in value
    ? { name, type: AttributeType.INTS, ints: value.ints }
    : { name, type: AttributeType.FLOATS, floats: value.floats };
}

export class GraphBuilder {
  readonly nodes: object[] = [];
  readonly initializers: object[] = [];
  readonly inputs: ValueInfo[] = [];
  readonly outputs: ValueInfo[] = [];
  #count = 0;
  readonly #taken = new Set<string>();

  /** A fresh tensor name based on `hint`. */
  name(hint: string): string {
    const base = hint.replace(/[^\w.-]+/g, '_').slice(0, 60) || 't';
    let n = base;
    while (this.#taken.has(n)) n = `${base}_${++this.#count}`;
    this.#taken.add(n);
    return n;
  }

  /** Adds a node; returns its output names (`outputs` of them). */
  node(
    op: string,
    inputs: string[],
    attrs: Record<string, AttrValue> = {},
    opts: { domain?: string; outputs?: number } = {},
  ): string[] {
    const outs = Array.from({ length: opts.outputs ?? 1 }, () => this.name(`${op}_out`));
    this.nodes.push({
      opType: op,
      input: inputs,
      output: outs,
      name: this.name(op),
      domain: opts.domain ?? '',
      attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
    });
    return outs;
  }

  /** One output node, for the usual case. */
  op(op: string, inputs: string[], attrs: Record<string, AttrValue> = {}, domain?: string): string {
    return this.node(op, inputs, attrs, { domain })[0]!;
  }

  /** A float32 constant of the given shape. */
  floats(hint: string, values: ArrayLike<number>, dims: number[]): string {
    const name = this.name(hint);
    this.initializers.push({ name, dataType: DataType.FLOAT, dims, floatData: Array.from(values) });
    return name;
  }

  /** An int64 constant (shapes for Reshape, axes). */
  int64s(hint: string, values: number[]): string {
    const name = this.name(hint);
    this.initializers.push({ name, dataType: DataType.INT64, dims: [values.length], int64Data: values });
    return name;
  }

  /** A double scalar: the recipe computes in float64, as the workbench does. */
  double(hint: string, value: number): string {
    return this.doubles(hint, [value], []);
  }

  /** A double constant of the given shape. */
  doubles(hint: string, values: number[], dims: number[]): string {
    const name = this.name(hint);
    this.initializers.push({ name, dataType: DataType.DOUBLE, dims, doubleData: values });
    return name;
  }

  /** A float scalar broadcast against [N, 1] columns. */
  scalar(hint: string, value: number): string {
    return this.floats(hint, [value], []);
  }

  input(name: string, elemType: number, width: number): string {
    this.#taken.add(name);
    this.inputs.push(valueInfo(name, elemType, width));
    return name;
  }

  output(name: string, elemType: number, width?: number): void {
    this.outputs.push(valueInfo(name, elemType, width));
  }
}

function valueInfo(name: string, elemType: number, width?: number): ValueInfo {
  const dim: ({ dimParam: string } | { dimValue: number })[] = [{ dimParam: 'N' }];
  if (width !== undefined) dim.push({ dimValue: width });
  return { name, type: { tensorType: { elemType, shape: { dim } } } };
}
