/**
 * In-memory index of unit-length passage vectors: one contiguous Float32Array, rows reused after
 * removal, so adding or removing one article touches only its rows.
 *
 * Small indexes are scanned exactly. From `ivfMinRows` vectors on, `train()` clusters the rows with
 * spherical k-means (an inverted-file index): a query scores the centroids, then only the rows of the
 * `nprobe` closest clusters. Rows added later join their nearest centroid; clusters are re-trained by
 * the next full build. Callers can always get the exact score of any row (`score`), which is how
 * keyword candidates are never missed.
 *
 * Rows live in WebAssembly memory and are scored with a SIMD dot product (`simd-dot.ts`) when the
 * runtime has it and the dimension is a multiple of 8 (MiniLM: 384); otherwise in plain JavaScript.
 */

import { createRng } from '../nlp/intents';
import { createDotKernel, type DotKernel } from './simd-dot';
export interface VectorHit {
  key: string;
  score: number;
}

export interface VectorIndexOptions {
  /** Cluster (IVF) search from this many rows on; smaller indexes are scanned exactly (default 4096). */
  ivfMinRows?: number;
  /** Clusters scanned per query when clustered (default 10). */
  nprobe?: number;
  /** Seed of the k-means initialisation (default 1), so builds are reproducible. */
  seed?: number;
  /** Score with the WebAssembly SIMD kernel when available (default true; false: plain JavaScript). */
  simd?: boolean;
}

/** Dot product of `q` with row `row` of `data` (dimension `d`), unrolled by four. */
export function dotRow(data: Float32Array, row: number, q: Float32Array, d: number): number {
  const base = row * d;
  let a = 0;
  let b = 0;
  let c = 0;
  let e = 0;
  let j = 0;
  for (; j + 3 < d; j += 4) {
    a += data[base + j] * q[j];
    b += data[base + j + 1] * q[j + 1];
    c += data[base + j + 2] * q[j + 2];
    e += data[base + j + 3] * q[j + 3];
  }
  for (; j < d; j++) a += data[base + j] * q[j];
  return a + b + c + e;
}

/** Dot product of row `ra` of `a` with row `rb` of `b` (both dimension `d`). */
export function dotRows(a: Float32Array, ra: number, b: Float32Array, rb: number, d: number): number {
  const baseA = ra * d;
  const baseB = rb * d;
  let s0 = 0;
  let s1 = 0;
  let j = 0;
  for (; j + 1 < d; j += 2) {
    s0 += a[baseA + j] * b[baseB + j];
    s1 += a[baseA + j + 1] * b[baseB + j + 1];
  }
  for (; j < d; j++) s0 += a[baseA + j] * b[baseB + j];
  return s0 + s1;
}

/** A shuffled copy (Fisher–Yates with the given random source). */
function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Keeps the k best (key, score) pairs seen, best first. */
export class TopK {
  readonly rows: number[] = [];
  readonly scores: number[] = [];
  constructor(private readonly k: number) {}

  get worst(): number {
    return this.rows.length < this.k ? -Infinity : this.scores[this.scores.length - 1];
  }

  offer(row: number, score: number): void {
    if (this.k <= 0 || score <= this.worst) return;
    let i = this.scores.length;
    if (i === this.k) {
      this.scores.pop();
      this.rows.pop();
      i--;
    }
    while (i > 0 && this.scores[i - 1] < score) i--;
    this.scores.splice(i, 0, score);
    this.rows.splice(i, 0, row);
  }
}

const PAGE = 65536;

/**
 * A growable matrix of `dimension`-float rows plus one probe vector, scored probe · row. With the SIMD
 * kernel the probe sits in the first `dimension` floats of a WebAssembly memory and the rows follow;
 * without it both are ordinary Float32Arrays.
 */
export class RowMatrix {
  /** Row-major data, `capacity` rows (a view: re-read it after `ensureCapacity`). */
  data: Float32Array;
  private probe: Float32Array;
  private capacityRows: number;
  private readonly memory: WebAssembly.Memory | null;
  private readonly kernel: DotKernel | null;
  private readonly rowBytes: number;

  constructor(
    readonly dimension: number,
    capacity: number,
    options: { simd?: boolean } = {},
  ) {
    this.rowBytes = dimension * 4;
    this.capacityRows = Math.max(1, capacity);
    let memory: WebAssembly.Memory | null = null;
    let kernel: DotKernel | null = null;
    if (options.simd !== false && dimension % 8 === 0) {
      try {
        memory = new WebAssembly.Memory({
          initial: Math.ceil(((this.capacityRows + 1) * this.rowBytes) / PAGE),
        });
        kernel = createDotKernel(memory);
      } catch {
        kernel = null;
      }
      if (!kernel) memory = null;
    }
    this.memory = memory;
    this.kernel = kernel;
    if (memory) {
      this.probe = new Float32Array(memory.buffer, 0, dimension);
      this.data = new Float32Array(memory.buffer, this.rowBytes, this.capacityRows * dimension);
    } else {
      this.probe = new Float32Array(dimension);
      this.data = new Float32Array(this.capacityRows * dimension);
    }
  }

  get capacity(): number {
    return this.capacityRows;
  }

  /** True when rows are scored by the WebAssembly SIMD kernel. */
  get simd(): boolean {
    return this.kernel !== null;
  }

  /** Makes room for at least `rows` rows, keeping the content (at least doubling). */
  ensureCapacity(rows: number): void {
    if (rows <= this.capacityRows) return;
    const capacity = Math.max(rows, this.capacityRows * 2);
    if (this.memory) {
      const needed = Math.ceil(((capacity + 1) * this.rowBytes) / PAGE);
      const have = this.memory.buffer.byteLength / PAGE;
      if (needed > have) this.memory.grow(needed - have);
      this.probe = new Float32Array(this.memory.buffer, 0, this.dimension);
      this.data = new Float32Array(this.memory.buffer, this.rowBytes, capacity * this.dimension);
    } else {
      const data = new Float32Array(capacity * this.dimension);
      data.set(this.data);
      this.data = data;
    }
    this.capacityRows = capacity;
  }

  setRow(row: number, vector: ArrayLike<number>): void {
    this.data.set(vector, row * this.dimension);
  }

  /** Sets the vector `dot` scores rows against (copied). */
  setProbe(vector: Float32Array): void {
    this.probe.set(vector);
  }

  /** probe · row. */
  dot(row: number): number {
    return this.kernel
      ? this.kernel(0, (row + 1) * this.rowBytes, this.rowBytes)
      : dotRow(this.data, row, this.probe, this.dimension);
  }
}

export class VectorIndex {
  private readonly rows: RowMatrix;
  private rowCount = 0;
  private readonly keys: (string | null)[] = [];
  private readonly rowOf = new Map<string, number>();
  private readonly free: number[] = [];
  private readonly ivfMinRows: number;
  private readonly nprobe: number;
  private readonly seed: number;
  private readonly simdOption: boolean | undefined;
  // IVF state (null when scanning exactly)
  private centroids: RowMatrix | null = null;
  private lists: number[][] = [];
  private listOf: Int32Array = new Int32Array(0);

  constructor(
    readonly dimension: number,
    options: VectorIndexOptions = {},
  ) {
    if (!Number.isInteger(dimension) || dimension < 1)
      throw new RangeError(`dimension must be a positive integer, got ${dimension}`);
    this.simdOption = options.simd;
    this.rows = new RowMatrix(dimension, 256, { simd: options.simd });
    this.ivfMinRows = options.ivfMinRows ?? 4096;
    this.nprobe = options.nprobe ?? 10;
    this.seed = options.seed ?? 1;
  }

  /** Vectors held. */
  get size(): number {
    return this.rowOf.size;
  }

  /** True when queries go through the clusters (after `train()` on a large enough index). */
  get clustered(): boolean {
    return this.centroids !== null;
  }

  /** True when rows are scored with the WebAssembly SIMD kernel. */
  get simd(): boolean {
    return this.rows.simd;
  }

  has(key: string): boolean {
    return this.rowOf.has(key);
  }

  /** Adds (or replaces) the vector of `key`. The vector must have the index's dimension. */
  add(key: string, vector: Float32Array): void {
    if (vector.length !== this.dimension) {
      throw new RangeError(`vector of ${key} has ${vector.length} dimensions, the index ${this.dimension}`);
    }
    if (this.rowOf.has(key)) this.remove(key);
    const row = this.free.length > 0 ? this.free.pop()! : this.rowCount++;
    if (row >= this.rows.capacity) this.grow(row + 1);
    this.rows.setRow(row, vector);
    this.keys[row] = key;
    this.rowOf.set(key, row);
    if (this.centroids) {
      const list = this.nearestCentroid(vector);
      this.lists[list].push(row);
      this.listOf[row] = list;
    }
  }

  remove(key: string): boolean {
    const row = this.rowOf.get(key);
    if (row === undefined) return false;
    this.rowOf.delete(key);
    this.keys[row] = null;
    this.free.push(row);
    if (this.centroids) {
      const members = this.lists[this.listOf[row]];
      const at = members.indexOf(row);
      if (at !== -1) {
        members[at] = members[members.length - 1];
        members.pop();
      }
      this.listOf[row] = -1;
    }
    return true;
  }

  /** A copy of `key`'s vector, or undefined. */
  get(key: string): Float32Array | undefined {
    const row = this.rowOf.get(key);
    return row === undefined
      ? undefined
      : this.rows.data.slice(row * this.dimension, (row + 1) * this.dimension);
  }

  /** Exact cosine (dot product of unit vectors) of the query with `key`'s vector; NaN when absent. */
  score(query: Float32Array, key: string): number {
    const row = this.rowOf.get(key);
    if (row === undefined) return NaN;
    this.rows.setProbe(query);
    return this.rows.dot(row);
  }

  /**
   * Exact cosines of the query with many keys' vectors (NaN for absent keys), written to `out` (or a
   * new array): the query is loaded once for all of them.
   */
  scoreMany(query: Float32Array, keys: readonly string[], out: number[] = []): number[] {
    if (query.length !== this.dimension)
      throw new RangeError(`query has ${query.length} dimensions, the index ${this.dimension}`);
    this.rows.setProbe(query);
    out.length = keys.length;
    for (let i = 0; i < keys.length; i++) {
      const row = this.rowOf.get(keys[i]);
      out[i] = row === undefined ? NaN : this.rows.dot(row);
    }
    return out;
  }

  /** The k most similar vectors, best first (approximate once clustered). */
  search(query: Float32Array, k: number): VectorHit[] {
    if (query.length !== this.dimension)
      throw new RangeError(`query has ${query.length} dimensions, the index ${this.dimension}`);
    const top = new TopK(Math.max(0, Math.floor(k)));
    const rows = this.rows;
    rows.setProbe(query);
    if (this.centroids) {
      const centroids = this.centroids;
      centroids.setProbe(query);
      const nlist = this.lists.length;
      const probe = new TopK(Math.min(this.nprobe, nlist));
      for (let c = 0; c < nlist; c++) probe.offer(c, centroids.dot(c));
      for (const c of probe.rows) for (const row of this.lists[c]) top.offer(row, rows.dot(row));
    } else {
      for (let row = 0; row < this.rowCount; row++) {
        if (this.keys[row] === null) continue;
        top.offer(row, rows.dot(row));
      }
    }
    return top.rows.map((row, i) => ({ key: this.keys[row]!, score: top.scores[i] }));
  }

  /**
   * Clusters the rows (spherical k-means, √n clusters) when the index holds at least `ivfMinRows`
   * vectors; otherwise switches to exact scanning. Deterministic for a given seed and content.
   */
  train(): void {
    const rows = [...this.rowOf.values()].sort((a, b) => a - b);
    if (rows.length < this.ivfMinRows) {
      this.centroids = null;
      this.lists = [];
      return;
    }
    const d = this.dimension;
    const data = this.rows.data;
    const nlist = Math.max(8, Math.min(1024, Math.round(Math.sqrt(rows.length))));
    const random = createRng(this.seed);
    // k-means runs on a sample (about 24 rows per cluster), then every row joins its nearest centroid.
    const sample = rows.length <= nlist * 24 ? rows : shuffled(rows, random).slice(0, nlist * 24);
    const centroids = new RowMatrix(d, nlist, { simd: this.simdOption });
    shuffled(sample, random)
      .slice(0, nlist)
      .forEach((row, c) => centroids.setRow(c, data.subarray(row * d, row * d + d)));
    const sums = new Float64Array(nlist * d);
    const counts = new Int32Array(nlist);
    const nearest = (row: number): number => {
      centroids.setProbe(data.subarray(row * d, row * d + d));
      let best = 0;
      let bestScore = -Infinity;
      for (let c = 0; c < nlist; c++) {
        const s = centroids.dot(c);
        if (s > bestScore) {
          bestScore = s;
          best = c;
        }
      }
      return best;
    };
    const centre = new Float32Array(d);
    for (let iteration = 0; iteration < 6; iteration++) {
      sums.fill(0);
      counts.fill(0);
      for (const row of sample) {
        const c = nearest(row);
        counts[c]++;
        for (let j = 0; j < d; j++) sums[c * d + j] += data[row * d + j];
      }
      for (let c = 0; c < nlist; c++) {
        if (counts[c] === 0) continue; // an empty cluster keeps its centroid
        let norm = 0;
        for (let j = 0; j < d; j++) norm += sums[c * d + j] * sums[c * d + j];
        norm = Math.sqrt(norm) || 1;
        for (let j = 0; j < d; j++) centre[j] = sums[c * d + j] / norm;
        centroids.setRow(c, centre);
      }
    }
    this.centroids = centroids;
    this.lists = Array.from({ length: nlist }, () => []);
    this.listOf = new Int32Array(this.rows.capacity).fill(-1);
    for (const row of rows) {
      const c = nearest(row);
      this.lists[c].push(row);
      this.listOf[row] = c;
    }
  }

  private nearestCentroid(vector: Float32Array): number {
    const centroids = this.centroids!;
    centroids.setProbe(vector);
    let best = 0;
    let bestScore = -Infinity;
    for (let c = 0; c < this.lists.length; c++) {
      const s = centroids.dot(c);
      if (s > bestScore) {
        bestScore = s;
        best = c;
      }
    }
    return best;
  }

  private grow(rows: number): void {
    this.rows.ensureCapacity(rows);
    if (this.centroids) {
      const listOf = new Int32Array(this.rows.capacity).fill(-1);
      listOf.set(this.listOf);
      this.listOf = listOf;
    }
  }
}
