import {
  encodeSafetensors,
  float16ToNumber,
  parseSafetensors,
  SafetensorsError,
  tensorToFloat32,
  widenFloat16,
} from './safetensors';

/** Builds a safetensors buffer from a header and a data area. */
function makeFile(header: Record<string, unknown>, data: Uint8Array): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

function u16le(values: number[]): Uint8Array {
  const out = new Uint8Array(values.length * 2);
  values.forEach((v, i) => {
    out[2 * i] = v & 0xff;
    out[2 * i + 1] = v >> 8;
  });
  return out;
}

describe('float16 widening', () => {
  it.each([
    [0x3c00, 1],
    [0x3800, 0.5],
    [0xc000, -2],
    [0xbc00, -1],
    [0x3555, 0.333251953125],
    [0x7bff, 65504], // largest half
    [0x0400, 2 ** -14], // smallest normal
    [0x03ff, 1023 * 2 ** -24], // largest subnormal
    [0x0001, 2 ** -24], // smallest subnormal
    [0x8001, -(2 ** -24)], // negative subnormal
    [0x0000, 0],
    [0x7c00, Infinity],
    [0xfc00, -Infinity],
  ])('0x%s → %s', (bits, expected) => {
    expect(float16ToNumber(bits)).toBe(expected);
  });

  it('keeps the sign of negative zero and reads NaN', () => {
    expect(Object.is(float16ToNumber(0x8000), -0)).toBe(true);
    expect(float16ToNumber(0x7e00)).toBeNaN();
  });

  it('widens little-endian bytes through the lookup table', () => {
    const out = widenFloat16(u16le([0x3c00, 0x3800, 0xc000, 0x0001, 0x8000]));
    expect(out).toBeInstanceOf(Float32Array);
    expect(Array.from(out)).toEqual([1, 0.5, -2, 2 ** -24, -0]);
  });
});

describe('parseSafetensors', () => {
  const f16 = u16le([0x3c00, 0x3800, 0xc000, 0x03ff, 0x0001, 0xbc00]); // 12 bytes
  const i64 = new Uint8Array(new BigInt64Array([7n, -1n]).buffer); // 16 bytes
  const f32 = new Uint8Array(new Float32Array([1.25, -3.5]).buffer); // 8 bytes
  const data = new Uint8Array([...f16, ...i64, ...f32]);
  const header = {
    __metadata__: { format: 'pt' },
    'bert.embeddings.weight': { dtype: 'F16', shape: [2, 3], data_offsets: [0, 12] },
    ids: { dtype: 'I64', shape: [2], data_offsets: [12, 28] },
    scale: { dtype: 'F32', shape: [2], data_offsets: [28, 36] },
  };

  it('reads metadata, dtypes, shapes and data views', () => {
    const file = parseSafetensors(makeFile(header, data));
    expect(file.metadata).toEqual({ format: 'pt' });
    expect([...file.tensors.keys()]).toEqual(['bert.embeddings.weight', 'ids', 'scale']);
    const w = file.tensors.get('bert.embeddings.weight')!;
    expect(w.dtype).toBe('F16');
    expect(w.shape).toEqual([2, 3]);
    expect(Array.from(tensorToFloat32(w))).toEqual([1, 0.5, -2, 1023 * 2 ** -24, 2 ** -24, -1]);
    expect(Array.from(tensorToFloat32(file.tensors.get('scale')!))).toEqual([1.25, -3.5]);
    const ids = file.tensors.get('ids')!;
    expect(ids.bytes.byteLength).toBe(16);
    expect(() => tensorToFloat32(ids)).toThrow(SafetensorsError);
  });

  it('works on a buffer that is a view at an offset', () => {
    const file = makeFile(header, data);
    const padded = new Uint8Array(file.length + 3);
    padded.set(file, 3);
    const parsed = parseSafetensors(padded.subarray(3));
    expect(Array.from(tensorToFloat32(parsed.tensors.get('scale')!))).toEqual([1.25, -3.5]);
  });

  it('rejects offsets outside the data and shapes that do not match the bytes', () => {
    expect(() =>
      parseSafetensors(makeFile({ t: { dtype: 'F16', shape: [20], data_offsets: [0, 40] } }, data)),
    ).toThrow(/outside the data area/);
    expect(() =>
      parseSafetensors(makeFile({ t: { dtype: 'F16', shape: [5], data_offsets: [0, 12] } }, data)),
    ).toThrow(/does not match/);
    expect(() =>
      parseSafetensors(makeFile({ t: { dtype: 'Q4', shape: [1], data_offsets: [0, 1] } }, data)),
    ).toThrow(/unsupported dtype/);
  });

  it('rejects truncated files and a header length beyond the file', () => {
    expect(() => parseSafetensors(new Uint8Array(4))).toThrow(SafetensorsError);
    const bad = new Uint8Array(16);
    new DataView(bad.buffer).setBigUint64(0, 1000n, true);
    expect(() => parseSafetensors(bad)).toThrow(/exceeds file size/);
  });
});

describe('encodeSafetensors', () => {
  it('round-trips through parseSafetensors', () => {
    const bytes = u16le([0x3c00, 0xc000]);
    const file = encodeSafetensors([{ name: 'w', dtype: 'F16', shape: [1, 2], bytes }], { format: 'pt' });
    expect(Number(new DataView(file.buffer).getBigUint64(0, true)) % 8).toBe(0);
    const parsed = parseSafetensors(file);
    expect(parsed.metadata).toEqual({ format: 'pt' });
    expect(Array.from(tensorToFloat32(parsed.tensors.get('w')!))).toEqual([1, -2]);
  });
});
