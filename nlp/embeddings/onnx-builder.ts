/**
 * A small, deterministic helper for writing ONNX graphs with `onnx-proto`'s protobuf classes.
 * Tensors are stored little-endian in `raw_data`; node names are sequential so the same calls
 * always produce byte-identical models.
 */
import { onnx } from 'onnx-proto';

export const DataType = onnx.TensorProto.DataType;
/** onnxruntime's own operator set: fused kernels such as SkipLayerNormalization and MultiHeadAttention. */
export const MS_DOMAIN = 'com.microsoft';
/** Attribute values: integers → INT, other numbers → FLOAT, arrays → INTS; `{ float }` forces FLOAT. */
export type Attr = number | number[] | string | { float: number };

/** Little-endian bytes of a typed array (a view when the platform is little-endian). */
function leBytes(values: Float32Array | BigInt64Array): Uint8Array {
  const view = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  if (isLittleEndian) return view;
  const out = new Uint8Array(view.length);
  const size = values.BYTES_PER_ELEMENT;
  for (let i = 0; i < view.length; i += size)
    for (let j = 0; j < size; j++) out[i + j] = view[i + size - 1 - j];
  return out;
}
const isLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export class GraphBuilder {
  private readonly nodes: onnx.INodeProto[] = [];
  private readonly initializers: onnx.ITensorProto[] = [];
  private readonly inputs: onnx.IValueInfoProto[] = [];
  private readonly outputs: onnx.IValueInfoProto[] = [];
  private readonly names = new Set<string>();
  private readonly domains = new Set<string>();
  private counter = 0;

  constructor(private readonly graphName: string) {}

  /** A fresh value name with the given prefix. */
  fresh(prefix: string): string {
    let name: string;
    do name = `${prefix}_${this.counter++}`;
    while (this.names.has(name));
    this.names.add(name);
    return name;
  }

  input(name: string, elemType: number, dims: (number | string)[]): string {
    this.names.add(name);
    this.inputs.push(valueInfo(name, elemType, dims));
    return name;
  }

  output(name: string, elemType: number, dims: (number | string)[]): void {
    this.outputs.push(valueInfo(name, elemType, dims));
  }

  /** A named float32 initializer. */
  float(name: string, dims: number[], values: Float32Array): string {
    if (this.names.has(name)) throw new Error(`duplicate value name ${name}`);
    this.names.add(name);
    return this.addFloat(name, dims, values);
  }

  /** A float32 constant (scalar when dims is []). */
  floatConst(values: number[], dims: number[] = []): string {
    return this.addFloat(this.fresh('const_f'), dims, Float32Array.from(values));
  }

  private addFloat(name: string, dims: number[], values: Float32Array): string {
    const count = dims.reduce((a, b) => a * b, 1);
    if (count !== values.length)
      throw new Error(`initializer ${name}: ${values.length} values for dims [${dims.join(', ')}]`);
    this.initializers.push({ name, dims, dataType: DataType.FLOAT, rawData: leBytes(values) });
    return name;
  }

  /** A named uint8 initializer. */
  uint8(name: string, dims: number[], values: Uint8Array): string {
    return this.addBytes(name, dims, DataType.UINT8, values);
  }

  private addBytes(name: string, dims: number[], dataType: number, bytes: Uint8Array): string {
    if (this.names.has(name)) throw new Error(`duplicate value name ${name}`);
    const count = dims.reduce((a, b) => a * b, 1);
    if (count !== bytes.length)
      throw new Error(`initializer ${name}: ${bytes.length} values for dims [${dims.join(', ')}]`);
    this.names.add(name);
    this.initializers.push({ name, dims, dataType, rawData: bytes });
    return name;
  }

  /** An int64 constant, 1-D unless dims say otherwise. */
  int64Const(values: number[], dims: number[] = [values.length]): string {
    const name = this.fresh('const_i');
    this.initializers.push({
      name,
      dims,
      dataType: DataType.INT64,
      rawData: leBytes(BigInt64Array.from(values, (v) => BigInt(v))),
    });
    return name;
  }

  /**
   * Appends a node; returns its output names (one fresh name per output unless given). An empty
   * input name skips an optional input. `domain` names an operator set other than the standard one
   * (onnxruntime's fused kernels live in `com.microsoft`).
   */
  node(
    opType: string,
    inputs: string[],
    attrs: Record<string, Attr> = {},
    outputs?: string[] | number,
    domain = '',
  ): string[] {
    const outs = Array.isArray(outputs)
      ? outputs
      : Array.from({ length: outputs ?? 1 }, () => this.fresh(opType.toLowerCase()));
    for (const o of outs) this.names.add(o);
    if (domain !== '') this.domains.add(domain);
    this.nodes.push({
      name: `${opType}_${this.nodes.length}`,
      opType,
      domain,
      input: inputs,
      output: outs,
      attribute: Object.entries(attrs).map(([name, value]) => attribute(name, value)),
    });
    return outs;
  }

  /** Single-output node shorthand. */
  op(opType: string, inputs: string[], attrs: Record<string, Attr> = {}, output?: string): string {
    return this.node(opType, inputs, attrs, output === undefined ? 1 : [output])[0];
  }

  /** Single-output node from onnxruntime's `com.microsoft` operator set (version 1). */
  msOp(opType: string, inputs: string[], attrs: Record<string, Attr> = {}, output?: string): string {
    return this.node(opType, inputs, attrs, output === undefined ? 1 : [output], MS_DOMAIN)[0];
  }

  /** Serialises the model (ONNX IR 8, default-domain opset given). */
  encode(opset: number, producer: { name: string; version: string }, docString = ''): Uint8Array {
    const model: onnx.IModelProto = {
      irVersion: 8,
      producerName: producer.name,
      producerVersion: producer.version,
      docString,
      opsetImport: [
        { domain: '', version: opset },
        ...[...this.domains].map((domain) => ({ domain, version: 1 })),
      ],
      graph: {
        name: this.graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
    };
    return onnx.ModelProto.encode(model).finish();
  }
}

function valueInfo(name: string, elemType: number, dims: (number | string)[]): onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

function attribute(name: string, value: Attr): onnx.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if (typeof value === 'string') return { name, type: T.STRING, s: new TextEncoder().encode(value) };
  if (Array.isArray(value)) return { name, type: T.INTS, ints: value };
  if (typeof value === 'object') return { name, type: T.FLOAT, f: value.float };
  if (Number.isInteger(value) && !Object.is(value, -0)) return { name, type: T.INT, i: value };
  return { name, type: T.FLOAT, f: value };
}
