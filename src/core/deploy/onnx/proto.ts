/**
 * The subset of onnx.proto (ONNX IR) the export writes, as a descriptor in protobuf's JSON form,
 * and a small writer of the protobuf wire format driven by it. Field numbers are ONNX's own
 * (onnx/onnx.proto): they are the file format, never renumber them.
 *
 * Why not protobufjs: it builds its encoders with `new Function`, which the app's
 * Content-Security-Policy (no 'unsafe-eval') rightly forbids. The writer below only walks plain
 * data; the subset needs varints, fixed 32/64-bit numbers and length-delimited fields.
 */

interface FieldSpec {
  type: string;
  id: number;
  rule?: 'repeated';
}
interface MessageSpec {
  fields: Record<string, FieldSpec>;
  nested?: Record<string, MessageSpec>;
}

const DESCRIPTOR: { nested: { onnx: { nested: Record<string, MessageSpec> } } } = {
  nested: {
    onnx: {
      nested: {
        AttributeProto: {
          fields: {
            name: { type: 'string', id: 1 },
            f: { type: 'float', id: 2 },
            i: { type: 'int64', id: 3 },
            s: { type: 'bytes', id: 4 },
            t: { type: 'TensorProto', id: 5 },
            floats: { rule: 'repeated', type: 'float', id: 7 },
            ints: { rule: 'repeated', type: 'int64', id: 8 },
            strings: { rule: 'repeated', type: 'bytes', id: 9 },
            type: { type: 'int32', id: 20 },
          },
        },
        ValueInfoProto: {
          fields: { name: { type: 'string', id: 1 }, type: { type: 'TypeProto', id: 2 } },
        },
        NodeProto: {
          fields: {
            input: { rule: 'repeated', type: 'string', id: 1 },
            output: { rule: 'repeated', type: 'string', id: 2 },
            name: { type: 'string', id: 3 },
            opType: { type: 'string', id: 4 },
            attribute: { rule: 'repeated', type: 'AttributeProto', id: 5 },
            domain: { type: 'string', id: 7 },
          },
        },
        ModelProto: {
          fields: {
            irVersion: { type: 'int64', id: 1 },
            producerName: { type: 'string', id: 2 },
            producerVersion: { type: 'string', id: 3 },
            modelVersion: { type: 'int64', id: 5 },
            docString: { type: 'string', id: 6 },
            graph: { type: 'GraphProto', id: 7 },
            opsetImport: { rule: 'repeated', type: 'OperatorSetIdProto', id: 8 },
          },
        },
        GraphProto: {
          fields: {
            node: { rule: 'repeated', type: 'NodeProto', id: 1 },
            name: { type: 'string', id: 2 },
            initializer: { rule: 'repeated', type: 'TensorProto', id: 5 },
            docString: { type: 'string', id: 10 },
            input: { rule: 'repeated', type: 'ValueInfoProto', id: 11 },
            output: { rule: 'repeated', type: 'ValueInfoProto', id: 12 },
          },
        },
        TensorProto: {
          fields: {
            dims: { rule: 'repeated', type: 'int64', id: 1 },
            dataType: { type: 'int32', id: 2 },
            floatData: { rule: 'repeated', type: 'float', id: 4 },
            int64Data: { rule: 'repeated', type: 'int64', id: 7 },
            name: { type: 'string', id: 8 },
            doubleData: { rule: 'repeated', type: 'double', id: 10 },
          },
        },
        TensorShapeProto: {
          fields: { dim: { rule: 'repeated', type: 'Dimension', id: 1 } },
          nested: {
            Dimension: {
              fields: { dimValue: { type: 'int64', id: 1 }, dimParam: { type: 'string', id: 2 } },
            },
          },
        },
        TypeProto: {
          fields: { tensorType: { type: 'Tensor', id: 1 } },
          nested: {
            Tensor: {
              fields: {
                elemType: { type: 'int32', id: 1 },
                shape: { type: 'TensorShapeProto', id: 2 },
              },
            },
          },
        },
        OperatorSetIdProto: {
          fields: { domain: { type: 'string', id: 1 }, version: { type: 'int64', id: 2 } },
        },
      },
    },
  },
};

/** TensorProto.DataType values used here. */
export const DataType = { FLOAT: 1, INT64: 7, STRING: 8, DOUBLE: 11 } as const;
/** AttributeProto.AttributeType values used here. */
export const AttributeType = {
  FLOAT: 1,
  INT: 2,
  STRING: 3,
  TENSOR: 4,
  FLOATS: 6,
  INTS: 7,
  STRINGS: 8,
} as const;

/** Every message type of the subset by its short name (nested types too). */
const MESSAGES = new Map<string, MessageSpec>();
for (const [name, spec] of Object.entries(DESCRIPTOR.nested.onnx.nested)) {
  MESSAGES.set(name, spec);
  for (const [inner, innerSpec] of Object.entries(spec.nested ?? {})) MESSAGES.set(inner, innerSpec);
}

const utf8 = new TextEncoder();

/** A growable byte buffer with the protobuf primitives. */
class Writer {
  #buf = new Uint8Array(256);
  #len = 0;
  readonly #view = () => new DataView(this.#buf.buffer);

  #room(n: number): void {
    if (this.#len + n <= this.#buf.length) return;
    let size = this.#buf.length * 2;
    while (size < this.#len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.#buf.subarray(0, this.#len));
    this.#buf = next;
  }

  /** An unsigned or (two's complement, 10 bytes) negative varint of an integer. */
  varint(value: number): void {
    if (!Number.isSafeInteger(value))
      throw new Error(`The ONNX model is malformed: ${value} is not an integer.`);
    let v = BigInt.asUintN(64, BigInt(value));
    this.#room(10);
    while (v >= 0x80n) {
      this.#buf[this.#len++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.#buf[this.#len++] = Number(v);
  }

  tag(id: number, wire: number): void {
    this.varint(id * 8 + wire);
  }

  float(v: number): void {
    this.#room(4);
    this.#view().setFloat32(this.#len, v, true);
    this.#len += 4;
  }

  double(v: number): void {
    this.#room(8);
    this.#view().setFloat64(this.#len, v, true);
    this.#len += 8;
  }

  bytes(b: Uint8Array): void {
    this.varint(b.length);
    this.#room(b.length);
    this.#buf.set(b, this.#len);
    this.#len += b.length;
  }

  finish(): Uint8Array<ArrayBuffer> {
    return this.#buf.slice(0, this.#len);
  }
}

const SCALAR_WIRE: Record<string, number> = { int32: 0, int64: 0, float: 5, double: 1 };

function writeScalar(w: Writer, type: string, v: unknown, where: string): void {
  if (typeof v !== 'number') throw new Error(`The ONNX model is malformed: ${where} is not a number.`);
  if (type === 'float') w.float(v);
  else if (type === 'double') w.double(v);
  else w.varint(v);
}

function writeMessage(w: Writer, typeName: string, value: object): void {
  const spec = MESSAGES.get(typeName);
  if (!spec) throw new Error(`The ONNX model is malformed: unknown message ${typeName}.`);
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!Object.hasOwn(spec.fields, key)) {
      throw new Error(`The ONNX model is malformed: ${typeName} has no field "${key}".`);
    }
  }
  // Fields in number order, as protobuf writers do.
  const fields = Object.entries(spec.fields).sort((a, b) => a[1].id - b[1].id);
  for (const [name, field] of fields) {
    const v = record[name];
    if (v === undefined || v === null) continue;
    const where = `${typeName}.${name}`;
    const values: unknown[] =
      field.rule === 'repeated' ? (Array.isArray(v) ? v : [...(v as Iterable<unknown>)]) : [v];
    const scalarWire = SCALAR_WIRE[field.type];
    if (field.rule === 'repeated' && scalarWire !== undefined) {
      // Repeated numbers packed (one length-delimited field); every reader accepts it.
      if (values.length === 0) continue;
      const inner = new Writer();
      for (const x of values) writeScalar(inner, field.type, x, where);
      w.tag(field.id, 2);
      w.bytes(inner.finish());
      continue;
    }
    for (const x of values) {
      if (scalarWire !== undefined) {
        w.tag(field.id, scalarWire);
        writeScalar(w, field.type, x, where);
      } else if (field.type === 'string') {
        if (typeof x !== 'string') throw new Error(`The ONNX model is malformed: ${where} is not text.`);
        w.tag(field.id, 2);
        w.bytes(utf8.encode(x));
      } else if (field.type === 'bytes') {
        if (!(x instanceof Uint8Array))
          throw new Error(`The ONNX model is malformed: ${where} is not bytes.`);
        w.tag(field.id, 2);
        w.bytes(x);
      } else {
        if (typeof x !== 'object' || x === null) {
          throw new Error(`The ONNX model is malformed: ${where} is not a ${field.type}.`);
        }
        const inner = new Writer();
        writeMessage(inner, field.type, x);
        w.tag(field.id, 2);
        w.bytes(inner.finish());
      }
    }
  }
}

/** Encodes a ModelProto given as a plain object (camelCase field names, as above). */
export function encodeModel(model: object): Uint8Array<ArrayBuffer> {
  const w = new Writer();
  writeMessage(w, 'ModelProto', model);
  return w.finish();
}
