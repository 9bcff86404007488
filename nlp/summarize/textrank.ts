/**
 * TextRank (Mihalcea & Tarau 2004): weighted PageRank over a sentence similarity graph.
 *
 * Similarity is either the classic TextRank overlap of stemmed content words,
 *   sim(i, j) = |Si ∩ Sj| / (ln |Si| + ln |Sj|)            (denominator floored at 1),
 * or the cosine of precomputed sentence vectors (negative cosines count as 0).
 * PageRank: s = (1 − d)·p + d·Mᵀs with M the row-normalised similarity matrix and p the teleport
 * (personalisation) vector, uniform unless given; a sentence with no edges gives its mass to p.
 */

export interface PageRankOptions {
  /** Damping factor d. Default 0.85. */
  damping?: number;
  /** Stop when the L1 change between iterations falls below this. Default 1e-6. */
  tolerance?: number;
  /** Hard stop. Default 100. */
  maxIterations?: number;
  /** Teleport distribution (non-negative, any scale; normalised here). Default uniform. */
  personalization?: ArrayLike<number>;
}

export interface PageRankResult {
  /** One score per node, summing to 1. */
  scores: Float64Array;
  iterations: number;
  converged: boolean;
}

/** Interns stems to small integers so overlap is a merge of sorted integer arrays. */
export class StemIndex {
  private readonly ids = new Map<string, number>();

  /** Sorted unique ids of `stems`. */
  encode(stems: readonly string[]): Int32Array {
    const set = new Set<number>();
    for (const s of stems) {
      let id = this.ids.get(s);
      if (id === undefined) {
        id = this.ids.size;
        this.ids.set(s, id);
      }
      set.add(id);
    }
    return Int32Array.from(set).sort();
  }
}

function overlap(a: Int32Array, b: Int32Array): number {
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      n++;
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return n;
}

/**
 * Symmetric similarity matrix (row-major, n×n, zero diagonal) from sorted unique stem ids per sentence,
 * using the classic TextRank normalisation by log lengths.
 */
export function overlapSimilarity(sets: readonly Int32Array[]): Float64Array {
  const n = sets.length;
  const w = new Float64Array(n * n);
  const logs = sets.map((s) => (s.length > 0 ? Math.log(s.length) : 0));
  for (let i = 0; i < n; i++) {
    if (sets[i].length === 0) continue;
    for (let j = i + 1; j < n; j++) {
      if (sets[j].length === 0) continue;
      const common = overlap(sets[i], sets[j]);
      if (common === 0) continue;
      const v = common / Math.max(1, logs[i] + logs[j]);
      w[i * n + j] = v;
      w[j * n + i] = v;
    }
  }
  return w;
}

/** Symmetric similarity matrix from vectors: max(0, cosine). Zero vectors have no edges. */
export function vectorSimilarity(vectors: readonly ArrayLike<number>[]): Float64Array {
  const n = vectors.length;
  const w = new Float64Array(n * n);
  const norms = vectors.map((v) => {
    let s = 0;
    for (let k = 0; k < v.length; k++) s += v[k] * v[k];
    return Math.sqrt(s);
  });
  for (let i = 0; i < n; i++) {
    const a = vectors[i];
    if (!(norms[i] > 0)) continue;
    for (let j = i + 1; j < n; j++) {
      const b = vectors[j];
      if (!(norms[j] > 0)) continue;
      const len = Math.min(a.length, b.length);
      let dot = 0;
      for (let k = 0; k < len; k++) dot += a[k] * b[k];
      const c = dot / (norms[i] * norms[j]);
      const v = Number.isFinite(c) && c > 0 ? c : 0;
      w[i * n + j] = v;
      w[j * n + i] = v;
    }
  }
  return w;
}

/** Weighted (personalised) PageRank over an n×n row-major weight matrix (non-positive entries are no edge). */
export function pageRank(weights: Float64Array, n: number, options: PageRankOptions = {}): PageRankResult {
  const damping = options.damping ?? 0.85;
  const tolerance = options.tolerance ?? 1e-6;
  const maxIterations = options.maxIterations ?? 100;
  if (n === 0) return { scores: new Float64Array(0), iterations: 0, converged: true };

  const p = new Float64Array(n);
  let pSum = 0;
  if (options.personalization) {
    for (let i = 0; i < n; i++) {
      const v = Number(options.personalization[i]);
      p[i] = Number.isFinite(v) && v > 0 ? v : 0;
      pSum += p[i];
    }
  }
  if (pSum > 0) for (let i = 0; i < n; i++) p[i] /= pSum;
  else p.fill(1 / n);

  // sparse copy of the row-normalised matrix (compressed rows): graphs of short sentences are mostly zeros
  const rowStart = new Int32Array(n + 1);
  let nnz = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (weights[i * n + j] > 0) nnz++;
  const col = new Int32Array(nnz);
  const val = new Float64Array(nnz);
  const dangling: number[] = [];
  for (let i = 0, k = 0; i < n; i++) {
    rowStart[i] = k;
    let out = 0;
    for (let j = 0; j < n; j++) if (weights[i * n + j] > 0) out += weights[i * n + j];
    for (let j = 0; j < n; j++) {
      const w = weights[i * n + j];
      if (w > 0) {
        col[k] = j;
        val[k++] = w / out;
      }
    }
    rowStart[i + 1] = k;
    if (out === 0) dangling.push(i);
  }

  let scores = Float64Array.from(p);
  let next = new Float64Array(n);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    next.fill(0);
    for (let i = 0; i < n; i++) {
      const si = scores[i];
      for (let k = rowStart[i]; k < rowStart[i + 1]; k++) next[col[k]] += si * val[k];
    }
    let lost = 0; // mass of sentences without edges, handed back through p
    for (const i of dangling) lost += scores[i];
    let delta = 0;
    for (let j = 0; j < n; j++) {
      const v = (1 - damping) * p[j] + damping * (next[j] + lost * p[j]);
      delta += Math.abs(v - scores[j]);
      next[j] = v;
    }
    [scores, next] = [next, scores];
    if (delta < tolerance) {
      converged = true;
      break;
    }
  }
  return { scores, iterations, converged };
}

/**
 * Node indices ordered best first. Scores are compared after rounding to 1e-9 so floating-point noise
 * cannot reorder ties; ties go to the earlier position.
 */
export function rankOrder(scores: ArrayLike<number>): number[] {
  const keys = Array.from(scores, (s) => Math.round(s * 1e9));
  return keys.map((_, i) => i).sort((a, b) => keys[b] - keys[a] || a - b);
}
