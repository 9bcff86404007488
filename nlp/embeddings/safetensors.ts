/**
 * A minimal reader for the safetensors format:
 * 8 bytes little-endian header length N, N bytes of JSON header, then the raw tensor data.
 * Each header entry names a tensor's dtype, shape and [begin, end) byte offsets into the data area.
 */

export type SafetensorsDtype = 'F16' | 'BF16' | 'F32' | 'F64' | 'I8' | 'U8' | 'I16' | 'I32' | 'I64' | 'BOOL';

export interface SafetensorsEntry {
  readonly name: string;
  readonly dtype: SafetensorsDtype;
  readonly shape: readonly number[];
  /** The tensor's bytes (a view into the file buffer, not a copy). */
  readonly bytes: Uint8Array;
}

export interface SafetensorsFile {
  readonly metadata: Readonly<Record<string, string>>;
  /** Tensors in header order. */
  readonly tensors: ReadonlyMap<string, SafetensorsEntry>;
}

const BYTES_PER_ELEMENT: Record<SafetensorsDtype, number> = {
  F16: 2,
  BF16: 2,
  F32: 4,
  F64: 8,
  I8: 1,
  U8: 1,
  I16: 2,
  I32: 4,
  I64: 8,
  BOOL: 1,
};

interface RawHeaderEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

export class SafetensorsError extends Error {
  override readonly name = 'SafetensorsError';
}

/** Parses a safetensors buffer. Tensor bytes are views into `buf`. */
export function parseSafetensors(buf: Uint8Array): SafetensorsFile {
  if (buf.byteLength < 8) throw new SafetensorsError('file too short for a safetensors header');
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  if (headerLength > buf.byteLength - 8)
    throw new SafetensorsError(`header length ${headerLength} exceeds file size`);
  const headerJson = new TextDecoder('utf-8').decode(buf.subarray(8, 8 + headerLength));
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(headerJson) as Record<string, unknown>;
  } catch (err) {
    throw new SafetensorsError(`header is not valid JSON: ${(err as Error).message}`);
  }
  const dataStart = 8 + headerLength;
  const dataLength = buf.byteLength - dataStart;
  let metadata: Record<string, string> = {};
  const tensors = new Map<string, SafetensorsEntry>();
  for (const [name, value] of Object.entries(header)) {
    if (name === '__metadata__') {
      metadata = (value ?? {}) as Record<string, string>;
      continue;
    }
    const entry = value as RawHeaderEntry;
    if (!(entry.dtype in BYTES_PER_ELEMENT))
      throw new SafetensorsError(`tensor ${name}: unsupported dtype ${entry.dtype}`);
    const dtype = entry.dtype as SafetensorsDtype;
    const [begin, end] = entry.data_offsets;
    if (!(
      Number.isInteger(begin) &&
      Number.isInteger(end) &&
      begin >= 0 &&
      begin <= end &&
      end <= dataLength
    )) {
      throw new SafetensorsError(
        `tensor ${name}: data offsets [${begin}, ${end}] outside the data area (${dataLength} bytes)`,
      );
    }
    const count = entry.shape.reduce((a, b) => a * b, 1);
    if (count * BYTES_PER_ELEMENT[dtype] !== end - begin) {
      throw new SafetensorsError(
        `tensor ${name}: shape [${entry.shape.join(', ')}] does not match ${end - begin} bytes of ${dtype}`,
      );
    }
    tensors.set(name, {
      name,
      dtype,
      shape: [...entry.shape],
      bytes: buf.subarray(dataStart + begin, dataStart + end),
    });
  }
  return { metadata, tensors };
}

/** Converts one IEEE 754 half-precision bit pattern to a number (exact: every half is a float32). */
export function float16ToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x03ff;
  if (exponent === 0) return sign * fraction * 2 ** -24; // zero and subnormals
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

let halfTable: Float32Array | undefined;
/** All 65,536 half values widened to float32, built once (256 KiB). */
function float16Table(): Float32Array {
  if (!halfTable) {
    halfTable = new Float32Array(65536);
    for (let i = 0; i < 65536; i++) halfTable[i] = float16ToNumber(i);
  }
  return halfTable;
}

/** Widens little-endian F16 bytes to a new Float32Array. */
export function widenFloat16(bytes: Uint8Array): Float32Array {
  if (bytes.byteLength % 2 !== 0) throw new SafetensorsError('F16 data has an odd number of bytes');
  const table = float16Table();
  const n = bytes.byteLength / 2;
  const out = new Float32Array(n);
  for (let i = 0, j = 0; i < n; i++, j += 2) out[i] = table[bytes[j] | (bytes[j + 1] << 8)];
  return out;
}

/** A tensor's values as float32 (F16, BF16 and F32 supported). */
export function tensorToFloat32(entry: SafetensorsEntry): Float32Array {
  const { bytes } = entry;
  switch (entry.dtype) {
    case 'F16':
      return widenFloat16(bytes);
    case 'BF16': {
      const n = bytes.byteLength / 2;
      const out = new Float32Array(n);
      const u32 = new Uint32Array(out.buffer);
      for (let i = 0; i < n; i++) u32[i] = (bytes[2 * i] | (bytes[2 * i + 1] << 8)) << 16;
      return out;
    }
    case 'F32': {
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const out = new Float32Array(bytes.byteLength / 4);
      for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(4 * i, true);
      return out;
    }
    default:
      throw new SafetensorsError(`tensor ${entry.name}: cannot read ${entry.dtype} as float32`);
  }
}

/** Serialises tensors into the safetensors layout (header padded to 8 bytes with spaces, as the reference writer does). */
export function encodeSafetensors(
  tensors: readonly { name: string; dtype: SafetensorsDtype; shape: readonly number[]; bytes: Uint8Array }[],
  metadata?: Record<string, string>,
): Uint8Array {
  const header: Record<string, unknown> = {};
  if (metadata) header.__metadata__ = metadata;
  let offset = 0;
  for (const t of tensors) {
    header[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + t.bytes.byteLength] };
    offset += t.bytes.byteLength;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerBytes = new Uint8Array(json.length + ((8 - (json.length % 8)) % 8)).fill(0x20);
  headerBytes.set(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let at = 8 + headerBytes.length;
  for (const t of tensors) {
    out.set(t.bytes, at);
    at += t.bytes.byteLength;
  }
  return out;
}
