/**
 * Binary logistic regression over dense feature vectors, fitted exactly (to a tolerance) with L-BFGS.
 *
 * Features are standardised per dimension; the loss is the mean log-loss plus (l2 / 2)·‖w‖² on the
 * weights (not the bias). Full-batch L-BFGS needs no learning rate, epochs or seed and lands on the
 * optimum of that convex loss, so the L2 strength is the only knob and its effect is reproducible.
 */
import { decodeFloat64, encodeFloats } from '../intents/numeric';

export interface LogisticOptions {
  /** L2 penalty on the (standardised) weights. */
  l2?: number;
  /** L-BFGS iterations at most. */
  maxIterations?: number;
  /** Stops when the gradient's largest component falls below this. */
  tolerance?: number;
  /** History length of L-BFGS. */
  memory?: number;
  /** Weight per example (default 1 each); the loss is the weighted mean. */
  sampleWeights?: ArrayLike<number>;
}

export const DEFAULT_LOGISTIC_OPTIONS: Required<Omit<LogisticOptions, 'sampleWeights'>> = {
  l2: 1e-3,
  maxIterations: 300,
  tolerance: 1e-5,
  memory: 10,
};

export interface LogisticJson {
  dimension: number;
  /** Float64 arrays as base64 (exact round trip). */
  mean: string;
  scale: string;
  weights: string;
  bias: number;
}

export class LogisticRegression {
  private constructor(
    readonly dimension: number,
    private readonly mean: Float64Array,
    /** 1 / standard deviation per dimension (1 for constant dimensions). */
    private readonly scale: Float64Array,
    private readonly weights: Float64Array,
    readonly bias: number,
  ) {}

  /** Fits P(y = 1 | x); `labels` are 0 or 1. */
  static train(
    vectors: readonly ArrayLike<number>[],
    labels: ArrayLike<number>,
    options: LogisticOptions = {},
  ): LogisticRegression {
    const opts = { ...DEFAULT_LOGISTIC_OPTIONS, ...options };
    const n = vectors.length;
    if (n === 0) throw new RangeError('no training vectors');
    if (labels.length !== n) throw new RangeError('one label per vector');
    const sw = new Float64Array(n).fill(1);
    if (options.sampleWeights) {
      if (options.sampleWeights.length !== n) throw new RangeError('one sample weight per vector');
      for (let i = 0; i < n; i++) {
        const w = options.sampleWeights[i];
        if (!(w >= 0)) throw new RangeError('sample weights must be non-negative');
        sw[i] = w;
      }
    }
    let weightSum = 0;
    for (let i = 0; i < n; i++) weightSum += sw[i];
    if (!(weightSum > 0)) throw new RangeError('sample weights sum to zero');
    const dim = vectors[0].length;
    const mean = new Float64Array(dim);
    const scale = new Float64Array(dim);
    for (const v of vectors) {
      if (v.length !== dim) throw new RangeError('vectors differ in length');
      for (let d = 0; d < dim; d++) mean[d] += v[d];
    }
    for (let d = 0; d < dim; d++) mean[d] /= n;
    for (const v of vectors) {
      for (let d = 0; d < dim; d++) scale[d] += (v[d] - mean[d]) ** 2;
    }
    for (let d = 0; d < dim; d++) {
      const sd = Math.sqrt(scale[d] / n);
      scale[d] = sd > 1e-12 ? 1 / sd : 1;
    }
    const x = new Float64Array(n * dim);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = vectors[i];
      for (let d = 0; d < dim; d++) x[i * dim + d] = (v[d] - mean[d]) * scale[d];
      const label = labels[i];
      if (label !== 0 && label !== 1) throw new RangeError('labels must be 0 or 1');
      y[i] = label;
    }

    // Parameters: weights[0..dim), bias at [dim].
    const lossAndGradient = (p: Float64Array, grad: Float64Array): number => {
      grad.fill(0);
      let loss = 0;
      const b = p[dim];
      for (let i = 0; i < n; i++) {
        const off = i * dim;
        let z = b;
        for (let d = 0; d < dim; d++) z += p[d] * x[off + d];
        // log(1 + e^z) − y·z, computed stably.
        loss += sw[i] * ((z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - y[i] * z);
        const g = sw[i] * (1 / (1 + Math.exp(-z)) - y[i]);
        if (g === 0) continue;
        for (let d = 0; d < dim; d++) grad[d] += g * x[off + d];
        grad[dim] += g;
      }
      let penalty = 0;
      for (let d = 0; d <= dim; d++) grad[d] /= weightSum;
      for (let d = 0; d < dim; d++) {
        penalty += p[d] * p[d];
        grad[d] += opts.l2 * p[d];
      }
      return loss / weightSum + 0.5 * opts.l2 * penalty;
    };
    const params = minimizeLbfgs(lossAndGradient, new Float64Array(dim + 1), opts);
    return new LogisticRegression(dim, mean, scale, params.slice(0, dim), params[dim]);
  }

  /** The logit w·x + b. */
  logit(vector: ArrayLike<number>): number {
    if (vector.length !== this.dimension) {
      throw new RangeError(`expected a ${this.dimension}-d vector, got ${vector.length}`);
    }
    let z = this.bias;
    for (let d = 0; d < this.dimension; d++) {
      z += this.weights[d] * (vector[d] - this.mean[d]) * this.scale[d];
    }
    return z;
  }

  /** P(y = 1 | x). */
  probability(vector: ArrayLike<number>): number {
    return 1 / (1 + Math.exp(-this.logit(vector)));
  }

  toJSON(): LogisticJson {
    return {
      dimension: this.dimension,
      mean: encodeFloats(this.mean),
      scale: encodeFloats(this.scale),
      weights: encodeFloats(this.weights),
      bias: this.bias,
    };
  }

  static fromJSON(json: LogisticJson): LogisticRegression {
    const D = json.dimension;
    if (!Number.isInteger(D) || D <= 0 || typeof json.bias !== 'number') {
      throw new RangeError('not a serialized logistic regression');
    }
    return new LogisticRegression(
      D,
      decodeFloat64(json.mean, D),
      decodeFloat64(json.scale, D),
      decodeFloat64(json.weights, D),
      json.bias,
    );
  }
}

/**
 * Minimises a smooth function with L-BFGS (two-loop recursion) and a backtracking Armijo line search.
 * Deterministic. `fg(p, grad)` returns f(p) and writes ∇f(p) into `grad`.
 */
export function minimizeLbfgs(
  fg: (p: Float64Array, grad: Float64Array) => number,
  start: Float64Array,
  options: { maxIterations: number; tolerance: number; memory: number },
): Float64Array {
  const size = start.length;
  let p = Float64Array.from(start);
  let g = new Float64Array(size);
  let f = fg(p, g);
  const sList: Float64Array[] = [];
  const yList: Float64Array[] = [];
  const rho: number[] = [];
  const dir = new Float64Array(size);
  const alpha = new Float64Array(options.memory);
  const dot = (a: Float64Array, b: Float64Array): number => {
    let s = 0;
    for (let k = 0; k < size; k++) s += a[k] * b[k];
    return s;
  };
  const maxAbs = (a: Float64Array): number => {
    let m = 0;
    for (let k = 0; k < size; k++) m = Math.max(m, Math.abs(a[k]));
    return m;
  };
  for (let iter = 0; iter < options.maxIterations && maxAbs(g) > options.tolerance; iter++) {
    // Two-loop recursion: dir = −H·g.
    for (let k = 0; k < size; k++) dir[k] = -g[k];
    for (let j = sList.length - 1; j >= 0; j--) {
      alpha[j] = rho[j] * dot(sList[j], dir);
      const yj = yList[j];
      for (let k = 0; k < size; k++) dir[k] -= alpha[j] * yj[k];
    }
    if (sList.length > 0) {
      const last = sList.length - 1;
      const gamma = dot(sList[last], yList[last]) / dot(yList[last], yList[last]);
      for (let k = 0; k < size; k++) dir[k] *= gamma;
    } else {
      const norm = Math.sqrt(dot(g, g));
      for (let k = 0; k < size; k++) dir[k] /= Math.max(1, norm);
    }
    for (let j = 0; j < sList.length; j++) {
      const beta = rho[j] * dot(yList[j], dir);
      const sj = sList[j];
      for (let k = 0; k < size; k++) dir[k] += (alpha[j] - beta) * sj[k];
    }
    let slope = dot(g, dir);
    if (slope >= 0) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      sList.length = yList.length = rho.length = 0;
      for (let k = 0; k < size; k++) dir[k] = -g[k];
      slope = dot(g, dir);
    }
    let step = 1;
    const next = new Float64Array(size);
    const nextG = new Float64Array(size);
    let nextF = Infinity;
    for (let tries = 0; tries < 40; tries++) {
      for (let k = 0; k < size; k++) next[k] = p[k] + step * dir[k];
      nextF = fg(next, nextG);
      if (nextF <= f + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(nextF < f)) break; // no progress possible
    const s = new Float64Array(size);
    const yv = new Float64Array(size);
    for (let k = 0; k < size; k++) {
      s[k] = next[k] - p[k];
      yv[k] = nextG[k] - g[k];
    }
    const sy = dot(s, yv);
    if (sy > 1e-12) {
      sList.push(s);
      yList.push(yv);
      rho.push(1 / sy);
      if (sList.length > options.memory) {
        sList.shift();
        yList.shift();
        rho.shift();
      }
    }
    const converged = Math.abs(f - nextF) <= 1e-12 * Math.max(1, Math.abs(f));
    p = next;
    g = nextG;
    f = nextF;
    if (converged) break;
  }
  return p;
}
