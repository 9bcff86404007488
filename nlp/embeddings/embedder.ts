/**
 * Sentence embeddings with transformers.js: tokenizer + ONNX encoder, mean pooling over the
 * attention mask, L2 normalisation. Nothing is downloaded at run time unless asked for.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { LruCache } from './lru';
import { MINILM_MODEL_ID } from './convert-minilm';
import { defaultMiniLmDir, ensureMiniLmModel } from './model-folder';

export interface Embedder {
  /** Length of every vector. */
  readonly dimension: number;
  /** The model's name: a hub id, or the folder path when loaded from a folder. */
  readonly modelId: string;
  /** One unit-length vector per text, in input order. */
  embed(texts: string[]): Promise<Float32Array[]>;
  embedOne(text: string): Promise<Float32Array>;
}

/** The transformers.js embedder: an Embedder that can also free its onnxruntime session. */
export interface TransformersEmbedder extends Embedder {
  /** Releases the model; later embed calls reject. Cached vectors stay servable. */
  dispose(): Promise<void>;
}

export interface TransformersEmbedderOptions {
  /**
   * A local model folder (transformers.js layout: config.json, tokenizer files, onnx/model.onnx) or a
   * hub id. Omitted: the converted all-MiniLM-L6-v2, built into `cacheDir` on first use.
   */
  readonly model?: string;
  /** Where the default model folder lives (default `<project>/models/all-MiniLM-L6-v2`). */
  readonly cacheDir?: string;
  /** Only load from disk (default true): remote models off, so nothing downloads. */
  readonly localModelsOnly?: boolean;
  /** Folder transformers.js resolves hub ids against when `model` is not a path (`env.localModelPath`). */
  readonly localModelPath?: string;
  /** Texts kept in the LRU cache of vectors (default 5000; 0 turns it off). */
  readonly cacheSize?: number;
  /**
   * Texts per model call (default 32; 1 when `quantized`, because dynamic quantization picks one
   * activation range per call, so a batched text's vector would depend on its batch-mates).
   */
  readonly maxBatch?: number;
  /** Load `onnx/model_quantized.onnx` (dynamic int8) instead of `onnx/model.onnx` (default false). */
  readonly quantized?: boolean;
  /** onnxruntime intra-op threads (default 1: one core per embedder; latency-optimal for short texts). */
  readonly threads?: number;
  /** Token limit per text (default: the tokenizer's model_max_length, 256 for MiniLM). */
  readonly maxLength?: number;
}

/** Dot product; for the unit vectors an Embedder returns this is the cosine similarity. */
export function cosine(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new RangeError(`vector lengths differ: ${a.length} and ${b.length}`);
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i] * b[i];
  return dot;
}

/** Mean of the token vectors whose mask is 1, scaled to unit length. */
export function meanPoolNormalize(
  hidden: Float32Array,
  mask: ArrayLike<bigint | number>,
  batch: number,
  seqLen: number,
  dim: number,
): Float32Array[] {
  const out: Float32Array[] = [];
  for (let b = 0; b < batch; b++) {
    const v = new Float32Array(dim);
    let count = 0;
    for (let t = 0; t < seqLen; t++) {
      if (Number(mask[b * seqLen + t]) === 0) continue;
      count++;
      const base = (b * seqLen + t) * dim;
      for (let d = 0; d < dim; d++) v[d] += hidden[base + d];
    }
    let norm = 0;
    for (let d = 0; d < dim; d++) {
      v[d] /= Math.max(count, 1);
      norm += v[d] * v[d];
    }
    norm = Math.max(Math.sqrt(norm), 1e-12);
    for (let d = 0; d < dim; d++) v[d] /= norm;
    out.push(v);
  }
  return out;
}

type Transformers = typeof import('@huggingface/transformers');

/** The parts of an onnxruntime InferenceSession (as transformers.js holds it) the embedder uses. */
interface OrtSession {
  readonly inputNames: readonly string[];
  run(feeds: Record<string, unknown>): Promise<Record<string, unknown>>;
}

/** A transformers.js tensor of token ids or mask values, with the onnxruntime tensor it wraps. */
interface TokenTensor {
  readonly data: BigInt64Array;
  readonly dims: number[];
  readonly ort_tensor: unknown;
}

/** Loaded lazily: requiring transformers.js costs ~0.3 s, so only embedder users pay it. */
let transformersModule: Promise<Transformers> | undefined;
function loadTransformers(): Promise<Transformers> {
  transformersModule ??= import('@huggingface/transformers');
  return transformersModule;
}

/**
 * Creates an embedder and loads its model (about 0.3–0.5 s for MiniLM once the folder exists;
 * the first call with the default model also converts it, about 1 s).
 *
 * transformers.js keeps its settings in a process-wide `env`; this sets `allowLocalModels`,
 * `allowRemoteModels` and `localModelPath` just before loading.
 */
export async function createTransformersEmbedder(
  options: TransformersEmbedderOptions = {},
): Promise<TransformersEmbedder> {
  const localOnly = options.localModelsOnly ?? true;
  const cacheSize = options.cacheSize ?? 5000;
  const maxBatch = options.maxBatch ?? (options.quantized ? 1 : 32);
  if (!Number.isInteger(maxBatch) || maxBatch < 1)
    throw new RangeError(`maxBatch must be a positive integer, got ${maxBatch}`);

  let source: string;
  let modelId: string;
  if (options.model === undefined) {
    source = await ensureMiniLmModel(options.cacheDir ?? defaultMiniLmDir());
    modelId = MINILM_MODEL_ID;
  } else if (isAbsolute(options.model) || existsSync(options.model)) {
    // A folder on disk. transformers.js treats an absolute path as a path (a relative one could
    // be mistaken for an "owner/name" hub id), so always hand it an absolute one.
    source = resolve(options.model);
    modelId = source;
  } else {
    source = options.model;
    modelId = options.model;
  }

  const { env, AutoTokenizer, AutoModel, Tensor } = await loadTransformers();
  env.allowLocalModels = true;
  env.allowRemoteModels = !localOnly;
  if (options.localModelPath !== undefined) env.localModelPath = options.localModelPath;

  const threads = options.threads ?? 1;
  const loadOptions = { local_files_only: localOnly };
  const tokenizer = await AutoTokenizer.from_pretrained(source, loadOptions);
  const model = await AutoModel.from_pretrained(source, {
    ...loadOptions,
    device: 'cpu',
    dtype: options.quantized ? 'q8' : 'fp32',
    session_options: { intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: 'sequential' },
  });
  const maxLength = Math.min(options.maxLength ?? Infinity, tokenizer.model_max_length ?? 512);

  // The encoder's onnxruntime session, called directly: transformers.js's forward pass adds input
  // checks and tensor re-wrapping that cost about 0.2–0.4 ms on a short text (a tenth of the run).
  const session = (model as unknown as { sessions: Record<string, OrtSession> }).sessions.model;
  const wantsTokenTypes = session.inputNames.includes('token_type_ids');
  // Token type 0 for every position, grown to the largest call so far; a call reads a view of its size
  // (read-only, so concurrent calls may share it).
  let zeroTokenTypes = new BigInt64Array(0);

  let disposed = false;
  /** Runs the model on at most `maxBatch` texts. */
  async function runBatch(texts: string[]): Promise<Float32Array[]> {
    if (disposed) throw new Error('embedder has been disposed');
    const inputs = tokenizer(texts, { padding: true, truncation: true, max_length: maxLength });
    const ids = inputs.input_ids as unknown as TokenTensor;
    const mask = inputs.attention_mask as unknown as TokenTensor;
    const feeds: Record<string, unknown> = { input_ids: ids.ort_tensor, attention_mask: mask.ort_tensor };
    if (wantsTokenTypes) {
      const count = ids.data.length;
      if (zeroTokenTypes.length < count) zeroTokenTypes = new BigInt64Array(count);
      feeds.token_type_ids = new Tensor('int64', zeroTokenTypes.subarray(0, count), ids.dims).ort_tensor;
    }
    const { last_hidden_state: hidden } = (await session.run(feeds)) as {
      last_hidden_state: { data: Float32Array; dims: number[] };
    };
    const [batch, seqLen, dim] = hidden.dims;
    return meanPoolNormalize(hidden.data, mask.data, batch, seqLen, dim);
  }

  const warm = await runBatch(['warm up']);
  const dimension = warm[0].length;
  const cache = new LruCache<string, Float32Array>(cacheSize);

  async function embed(texts: string[]): Promise<Float32Array[]> {
    const result = new Array<Float32Array | undefined>(texts.length);
    const pending = new Map<string, number[]>(); // text → positions still to fill
    texts.forEach((text, i) => {
      const hit = cache.get(text);
      if (hit) {
        result[i] = hit.slice();
        return;
      }
      const slots = pending.get(text);
      if (slots) slots.push(i);
      else pending.set(text, [i]);
    });
    // Similar lengths batch together, so little padding is computed.
    const todo = [...pending.keys()].sort((a, b) => a.length - b.length);
    for (let start = 0; start < todo.length; start += maxBatch) {
      const chunk = todo.slice(start, start + maxBatch);
      const vectors = await runBatch(chunk);
      chunk.forEach((text, j) => {
        cache.set(text, vectors[j]);
        for (const i of pending.get(text) ?? []) result[i] = vectors[j].slice();
      });
    }
    return result as Float32Array[];
  }

  return {
    dimension,
    // int8 vectors differ from fp32 ones: caches and stored vectors keyed by model must tell them apart.
    modelId: options.quantized ? `${modelId}#q8` : modelId,
    embed,
    embedOne: async (text: string) => (await embed([text]))[0],
    dispose: async () => {
      if (disposed) return;
      disposed = true;
      await model.dispose();
    },
  };
}
