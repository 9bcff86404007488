/**
 * Softmax regression over sparse TF-IDF vectors (the lexical classifier). Weights are stored
 * feature-major (one row of K class weights per term), so a text costs (its terms) × K
 * multiply-adds, and mini-batch Adam updates only the rows of terms the batch touched ("lazy"
 * Adam): an epoch costs about the same whatever the vocabulary size.
 */
import type { SparseVector } from './lexical-features';
import {
  AdamState,
  classWeights,
  cosineRate,
  decodeFloat32,
  decodeFloat64,
  encodeFloats,
  softmaxInPlace,
} from './numeric';
import { createRng, shuffleInPlace } from './random';

const TINY = 1e-30;

export interface SparseSoftmaxOptions {
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  l2?: number;
  classBalanced?: boolean;
  seed?: number;
}

export const DEFAULT_SPARSE_SOFTMAX_OPTIONS: Required<SparseSoftmaxOptions> = {
  epochs: 5,
  batchSize: 32,
  learningRate: 0.02,
  l2: 1e-5,
  classBalanced: true,
  seed: 1,
};

export interface SparseSoftmaxJson {
  numClasses: number;
  numFeatures: number;
  /** Float32, feature-major (numFeatures × numClasses), base64. */
  weights: string;
  bias: string;
}

export class SparseSoftmaxRegression {
  private constructor(
    readonly numClasses: number,
    readonly numFeatures: number,
    private readonly weights: Float32Array,
    private readonly bias: Float64Array,
  ) {}

  static train(
    vectors: readonly SparseVector[],
    labels: ArrayLike<number>,
    numClasses: number,
    numFeatures: number,
    options: SparseSoftmaxOptions = {},
  ): SparseSoftmaxRegression {
    const opts = { ...DEFAULT_SPARSE_SOFTMAX_OPTIONS, ...options };
    const n = vectors.length;
    if (n === 0) throw new RangeError('no training vectors');
    const K = numClasses;
    // Per weight, its Adam moments and batch gradient beside it: STATE floats at [w, m, v, g]. A term's
    // row is then one contiguous block instead of four rows in four 12 MB arrays (Banking77), so
    // the random row accesses that dominate training miss the cache and TLB once, not four times.
    const STATE = 4;
    const S = new Float64Array(numFeatures * K * STATE);
    const b = new Float64Array(K);
    const gB = new Float64Array(K);
    // Local constants: imported bindings are property reads on the module object in CommonJS.
    const B1 = 0.9;
    const B2 = 0.999;
    const EPS = 1e-8;
    const L2 = opts.l2;
    // One Adam clock for weights and biases: both advance once per batch.
    const adam = new AdamState(K);
    const { m: mB, v: vB } = adam;
    const touched = new Uint8Array(numFeatures);
    const rows: number[] = [];
    const p = new Float64Array(K);
    const sampleWeight = classWeights(labels, K, opts.classBalanced);
    const order = Int32Array.from({ length: n }, (_, i) => i);
    const rng = createRng(opts.seed);
    const batch = Math.max(1, Math.min(opts.batchSize, n));
    const totalSteps = opts.epochs * Math.ceil(n / batch);
    let step = 0;

    for (let epoch = 0; epoch < opts.epochs; epoch++) {
      shuffleInPlace(order, rng);
      for (let start = 0; start < n; start += batch) {
        const end = Math.min(n, start + batch);
        gB.fill(0);
        let weightSum = 0;
        for (let j = start; j < end; j++) {
          const i = order[j];
          const { indices, values } = vectors[i];
          logitsInto(S, b, indices, values, K, p, STATE);
          softmaxInPlace(p, K);
          const y = labels[i];
          const w = sampleWeight[y];
          weightSum += w;
          for (let c = 0; c < K; c++) {
            const g = (p[c] - (c === y ? 1 : 0)) * w;
            // Flush vanishing gradients to zero: subnormal floats make every later
            // multiply-add (and Adam's moments) up to a hundred times slower.
            p[c] = g > TINY || g < -TINY ? g : 0;
          }
          for (let c = 0; c < K; c++) gB[c] += p[c];
          for (let t = 0; t < indices.length; t++) {
            const f = indices[t];
            if (!touched[f]) {
              touched[f] = 1;
              rows.push(f);
            }
            const row = f * K * STATE + 3;
            const v = values[t];
            for (let c = 0; c < K; c++) S[row + c * STATE] += p[c] * v;
          }
        }
        const inv = 1 / weightSum;
        const lr = cosineRate(opts.learningRate, step++, totalSteps);
        const { step: s, c2 } = adam.next(lr);
        for (const f of rows) {
          // Lazy Adam on this term's row only (update inlined: see AdamState).
          const row = f * K * STATE;
          for (let k = row; k < row + K * STATE; k += STATE) {
            const g = S[k + 3] * inv + L2 * S[k];
            const mk = B1 * S[k + 1] + (1 - B1) * g;
            const vk = B2 * S[k + 2] + (1 - B2) * g * g;
            S[k + 1] = mk;
            S[k + 2] = vk;
            S[k] -= (s * mk) / (Math.sqrt(vk * c2) + EPS);
            S[k + 3] = 0;
          }
          touched[f] = 0;
        }
        rows.length = 0;
        for (let c = 0; c < K; c++) {
          const g = gB[c] * inv;
          mB[c] = B1 * mB[c] + (1 - B1) * g;
          vB[c] = B2 * vB[c] + (1 - B2) * g * g;
          b[c] -= (s * mB[c]) / (Math.sqrt(vB[c] * c2) + EPS);
        }
      }
    }
    const W = new Float32Array(numFeatures * K);
    for (let k = 0; k < W.length; k++) W[k] = S[k * STATE];
    // Serve (and serialize) float32 weights, so a reloaded model scores exactly like this one.
    return new SparseSoftmaxRegression(K, numFeatures, W, b);
  }

  predict(vector: SparseVector): Float64Array {
    const out = new Float64Array(this.numClasses);
    logitsInto(this.weights, this.bias, vector.indices, vector.values, this.numClasses, out);
    softmaxInPlace(out, this.numClasses);
    return out;
  }

  toJSON(): SparseSoftmaxJson {
    return {
      numClasses: this.numClasses,
      numFeatures: this.numFeatures,
      weights: encodeFloats(this.weights),
      bias: encodeFloats(this.bias),
    };
  }

  static fromJSON(json: SparseSoftmaxJson): SparseSoftmaxRegression {
    const { numClasses: K, numFeatures: V } = json;
    return new SparseSoftmaxRegression(K, V, decodeFloat32(json.weights, V * K), decodeFloat64(json.bias, K));
  }
}

/** Writes b + Σ values·W[indices] into `out`; a weight sits every `stride` floats (the trainer keeps state beside it). */
function logitsInto(
  W: Float64Array | Float32Array,
  b: Float64Array,
  indices: Int32Array,
  values: Float32Array,
  K: number,
  out: Float64Array,
  stride = 1,
): void {
  for (let c = 0; c < K; c++) out[c] = b[c];
  for (let t = 0; t < indices.length; t++) {
    const row = indices[t] * K * stride;
    const v = values[t];
    for (let c = 0; c < K; c++) out[c] += W[row + c * stride] * v;
  }
}
