/**
 * @jest-environment ./nlp/embeddings/onnx-test-environment.ts
 */
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import {
  buildBertOnnx,
  quantizePerColumn,
  transpose2d,
  WEIGHT_ZERO_POINT,
  type BertConfig,
} from './convert-minilm';
import { defaultMiniLmDir, ensureMiniLmModel } from './model-folder';
import { encodeSafetensors, float16ToNumber, parseSafetensors, type SafetensorsFile } from './safetensors';

const TINY: BertConfig = {
  vocabSize: 12,
  hiddenSize: 8,
  numLayers: 2,
  numHeads: 2,
  intermediateSize: 16,
  maxPositions: 10,
  typeVocabSize: 2,
  layerNormEps: 1e-12,
};

/** Deterministic pseudo-random integers (mulberry32). */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const halfBits = new Map<number, number>();
for (let bits = 0; bits < 0x7c00; bits++) {
  halfBits.set(float16ToNumber(bits), bits);
  halfBits.set(-float16ToNumber(bits), bits | 0x8000);
}

interface TinyWeights {
  file: SafetensorsFile;
  get(name: string): Float32Array;
}

/** A tiny BERT with F16 weights k/128 (exact in half precision), names prefixed with `bert.`. */
function tinyWeights(cfg: BertConfig): TinyWeights {
  const next = rng(7);
  const values = new Map<string, Float32Array>();
  const shapes: [string, number[], 'w' | 'gamma' | 'beta'][] = [
    ['embeddings.word_embeddings.weight', [cfg.vocabSize, cfg.hiddenSize], 'w'],
    ['embeddings.position_embeddings.weight', [cfg.maxPositions, cfg.hiddenSize], 'w'],
    ['embeddings.token_type_embeddings.weight', [cfg.typeVocabSize, cfg.hiddenSize], 'w'],
    ['embeddings.LayerNorm.weight', [cfg.hiddenSize], 'gamma'],
    ['embeddings.LayerNorm.bias', [cfg.hiddenSize], 'beta'],
  ];
  const H = cfg.hiddenSize;
  const I = cfg.intermediateSize;
  for (let l = 0; l < cfg.numLayers; l++) {
    const p = `encoder.layer.${l}`;
    for (const n of ['query', 'key', 'value']) {
      shapes.push(
        [`${p}.attention.self.${n}.weight`, [H, H], 'w'],
        [`${p}.attention.self.${n}.bias`, [H], 'w'],
      );
    }
    shapes.push(
      [`${p}.attention.output.dense.weight`, [H, H], 'w'],
      [`${p}.attention.output.dense.bias`, [H], 'w'],
      [`${p}.attention.output.LayerNorm.weight`, [H], 'gamma'],
      [`${p}.attention.output.LayerNorm.bias`, [H], 'beta'],
      [`${p}.intermediate.dense.weight`, [I, H], 'w'],
      [`${p}.intermediate.dense.bias`, [I], 'w'],
      [`${p}.output.dense.weight`, [H, I], 'w'],
      [`${p}.output.dense.bias`, [H], 'w'],
      [`${p}.output.LayerNorm.weight`, [H], 'gamma'],
      [`${p}.output.LayerNorm.bias`, [H], 'beta'],
    );
  }
  const tensors = shapes.map(([name, shape, kind]) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const v = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const k = Math.floor(next() * 81) - 40; // −40..40
      v[i] = kind === 'gamma' ? 1 + k / 256 : kind === 'beta' ? k / 512 : k / 128;
    }
    values.set(name, v);
    const bytes = new Uint8Array(2 * n);
    v.forEach((x, i) => {
      const bits = halfBits.get(x);
      if (bits === undefined) throw new Error(`${x} is not exact in half precision`);
      bytes[2 * i] = bits & 0xff;
      bytes[2 * i + 1] = bits >> 8;
    });
    return { name: `bert.${name}`, dtype: 'F16' as const, shape, bytes };
  });
  return { file: parseSafetensors(encodeSafetensors(tensors)), get: (name) => values.get(name)! };
}

/** erf, Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7). */
function erf(x: number): number {
  const s = Math.sign(x);
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-a * a);
  return s * y;
}

/** Straightforward BERT forward pass for one sequence: [seq][hidden]. */
function referenceForward(
  w: TinyWeights,
  cfg: BertConfig,
  ids: number[],
  mask: number[],
  types: number[],
): number[][] {
  const H = cfg.hiddenSize;
  const d = H / cfg.numHeads;
  const row = (name: string, r: number, cols: number) =>
    Array.from(w.get(name).subarray(r * cols, (r + 1) * cols));
  const linear = (x: number[], prefix: string, inSize: number, outSize: number) => {
    const W = w.get(`${prefix}.weight`);
    const b = w.get(`${prefix}.bias`);
    return Array.from({ length: outSize }, (_, o) =>
      x.reduce((acc, xi, i) => acc + xi * W[o * inSize + i], b[o]),
    );
  };
  const layerNorm = (x: number[], prefix: string) => {
    const mean = x.reduce((a, b) => a + b) / x.length;
    const variance = x.reduce((a, b) => a + (b - mean) ** 2, 0) / x.length;
    const g = w.get(`${prefix}.weight`);
    const b = w.get(`${prefix}.bias`);
    return x.map((v, i) => ((v - mean) / Math.sqrt(variance + cfg.layerNormEps)) * g[i] + b[i]);
  };
  let h = ids.map((id, t) => {
    const e = row('embeddings.word_embeddings.weight', id, H);
    const p = row('embeddings.position_embeddings.weight', t, H);
    const ty = row('embeddings.token_type_embeddings.weight', types[t], H);
    return layerNorm(
      e.map((v, i) => v + p[i] + ty[i]),
      'embeddings.LayerNorm',
    );
  });
  for (let l = 0; l < cfg.numLayers; l++) {
    const p = `encoder.layer.${l}`;
    const q = h.map((x) => linear(x, `${p}.attention.self.query`, H, H));
    const k = h.map((x) => linear(x, `${p}.attention.self.key`, H, H));
    const v = h.map((x) => linear(x, `${p}.attention.self.value`, H, H));
    const context = h.map(() => new Array<number>(H).fill(0));
    for (let head = 0; head < cfg.numHeads; head++) {
      const o = head * d;
      for (let i = 0; i < h.length; i++) {
        const scores = k.map((kj, j) => {
          let dot = 0;
          for (let c = 0; c < d; c++) dot += q[i][o + c] * kj[o + c];
          return dot / Math.sqrt(d) + (1 - mask[j]) * -10000;
        });
        const max = Math.max(...scores);
        const exps = scores.map((s) => Math.exp(s - max));
        const sum = exps.reduce((a, b) => a + b);
        exps.forEach((e, j) => {
          for (let c = 0; c < d; c++) context[i][o + c] += (e / sum) * v[j][o + c];
        });
      }
    }
    const attn = context.map((c, i) =>
      layerNorm(
        linear(c, `${p}.attention.output.dense`, H, H).map((x, n) => x + h[i][n]),
        `${p}.attention.output.LayerNorm`,
      ),
    );
    h = attn.map((x) => {
      const inter = linear(x, `${p}.intermediate.dense`, H, cfg.intermediateSize).map(
        (z) => 0.5 * z * (1 + erf(z / Math.SQRT2)),
      );
      return layerNorm(
        linear(inter, `${p}.output.dense`, cfg.intermediateSize, H).map((z, n) => z + x[n]),
        `${p}.output.LayerNorm`,
      );
    });
  }
  return h;
}

const int64 = (rows: number[][]) =>
  new ort.Tensor('int64', BigInt64Array.from(rows.flat(), BigInt), [rows.length, rows[0].length]);

describe('matrix helpers', () => {
  it('transpose2d turns [rows, cols] into [cols, rows]', () => {
    expect(Array.from(transpose2d(Float32Array.of(1, 2, 3, 4, 5, 6), 2, 3))).toEqual([1, 4, 2, 5, 3, 6]);
  });

  it('quantizePerColumn scales each column by max|w|/127 around zero point 128', () => {
    const { values, scales } = quantizePerColumn(Float32Array.of(1, -0.5, -1, 0.25, 0.5, 0), 3, 2);
    expect(Array.from(scales)).toEqual([Math.fround(1 / 127), Math.fround(0.5 / 127)]);
    expect(Array.from(values)).toEqual([128 + 127, 128 - 127, 128 - 127, 128 + 64, 128 + 64, 128]);
    expect(WEIGHT_ZERO_POINT).toBe(128);
  });
});

describe('buildBertOnnx on a tiny BERT', () => {
  const weights = tinyWeights(TINY);
  const ids = [
    [1, 5, 7, 3, 2],
    [1, 9, 2, 0, 0],
  ];
  const mask = [
    [1, 1, 1, 1, 1],
    [1, 1, 1, 0, 0],
  ];
  const types = [
    [0, 0, 0, 1, 1],
    [0, 0, 0, 0, 0],
  ];

  async function run(model: Uint8Array): Promise<ort.Tensor> {
    const session = await ort.InferenceSession.create(model);
    expect(session.inputNames).toEqual(['input_ids', 'attention_mask', 'token_type_ids']);
    expect(session.outputNames).toEqual(['last_hidden_state']);
    const out = await session.run({
      input_ids: int64(ids),
      attention_mask: int64(mask),
      token_type_ids: int64(types),
    });
    await session.release();
    return out.last_hidden_state;
  }

  it('matches a plain JavaScript forward pass, padding masked out', async () => {
    const hidden = await run(buildBertOnnx(weights.file, TINY));
    expect(hidden.dims).toEqual([2, 5, 8]);
    const data = hidden.data as Float32Array;
    for (let b = 0; b < 2; b++) {
      const real = mask[b].filter(Boolean).length;
      // A padded sequence must give the same vectors as the unpadded one on its real tokens.
      const expected = referenceForward(
        weights,
        TINY,
        ids[b].slice(0, real),
        mask[b].slice(0, real),
        types[b].slice(0, real),
      );
      for (let t = 0; t < real; t++) {
        for (let c = 0; c < 8; c++) expect(data[(b * 5 + t) * 8 + c]).toBeCloseTo(expected[t][c], 4);
      }
    }
  });

  it('is deterministic', () => {
    expect(
      Buffer.from(buildBertOnnx(weights.file, TINY)).equals(Buffer.from(buildBertOnnx(weights.file, TINY))),
    ).toBe(true);
  });

  it('builds a quantized variant that stays close to float32', async () => {
    const exact = (await run(buildBertOnnx(weights.file, TINY))).data as Float32Array;
    const quantized = (await run(buildBertOnnx(weights.file, TINY, { quantize: true }))).data as Float32Array;
    let worst = 1;
    for (let i = 0; i < exact.length; i += 8) {
      let dot = 0;
      let na = 0;
      let nb = 0;
      for (let c = 0; c < 8; c++) {
        dot += exact[i + c] * quantized[i + c];
        na += exact[i + c] ** 2;
        nb += quantized[i + c] ** 2;
      }
      worst = Math.min(worst, dot / Math.sqrt(na * nb));
    }
    expect(worst).toBeGreaterThan(0.98);
  });
});

describe('the converted all-MiniLM-L6-v2 graph in onnxruntime-node', () => {
  it.each(['model.onnx', 'model_quantized.onnx'])(
    '%s loads and gives [batch, sequence, 384]',
    async (file) => {
      const dir = await ensureMiniLmModel(defaultMiniLmDir());
      const session = await ort.InferenceSession.create(join(dir, 'onnx', file), { intraOpNumThreads: 1 });
      expect(session.inputNames).toEqual(['input_ids', 'attention_mask', 'token_type_ids']);
      expect(session.outputNames).toEqual(['last_hidden_state']);
      const out = await session.run({
        input_ids: int64([
          [101, 2023, 2003, 102],
          [101, 7592, 102, 0],
        ]),
        attention_mask: int64([
          [1, 1, 1, 1],
          [1, 1, 1, 0],
        ]),
        token_type_ids: int64([
          [0, 0, 0, 0],
          [0, 0, 0, 0],
        ]),
      });
      expect(out.last_hidden_state.dims).toEqual([2, 4, 384]);
      expect((out.last_hidden_state.data as Float32Array).every(Number.isFinite)).toBe(true);
      await session.release();
    },
    60_000,
  );
});
