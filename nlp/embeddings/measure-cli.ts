/**
 * Measures the embeddings engine: conversion time, load time and memory, single-text latency
 * (with raw onnxruntime on the same tokens as the in-run baseline) and batch throughput.
 *
 *   npx tsx nlp/embeddings/measure-cli.ts [--threads N] [--json FILE]
 *   taskset -c 0 npx tsx nlp/embeddings/measure-cli.ts          # "per core"
 *   taskset -c 0 npx tsx nlp/embeddings/measure-cli.ts --compare-with DIR
 *
 * `--compare-with DIR` times only the int8 graph of the default model folder against DIR's (another
 * converter version's folder, say), interleaved run by run in one process so that the machine's drift
 * falls on both alike, at several sequence lengths.
 *
 * The main run also reports this CPU's matrix-product rate in onnxruntime (multiply-adds per second,
 * int8 DynamicQuantizeMatMul and fp32 MatMul, the encoder's 384×1536 shape at 64 rows): the ceiling a
 * model run cannot beat, at about 10.6 million multiply-adds per token for MiniLM-L6.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { convertMiniLm, quantizePerColumn, WEIGHT_ZERO_POINT } from './convert-minilm';
import { DataType, GraphBuilder, MS_DOMAIN } from './onnx-builder';
import { createTransformersEmbedder } from './embedder';
import { defaultMiniLmDir, ensureMiniLmModel } from './model-folder';

const SHORT = [
  'where is my order?',
  'I want to return these shoes',
  'can I talk to a human please',
  'my card was charged twice for the same purchase',
  'hi',
  'how do I change my delivery address',
  'the app keeps logging me out',
  'cancel my subscription',
];

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

async function timeEach(n: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 30; i++) await fn(i); // warm-up
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    out.push(performance.now() - t);
  }
  return out;
}

function batchTexts(n: number): string[] {
  const tails = [
    '',
    ' and I need it before friday',
    ', I have been waiting for two weeks and nobody has answered my emails so far',
  ];
  return Array.from(
    { length: n },
    (_, i) => `${SHORT[i % SHORT.length]} (ticket ${i})${tails[i % tails.length]}`,
  );
}

/**
 * p50 run time (ms) of each session on the same feeds, the sessions taking turns run by run so the
 * machine's drift falls on all alike; the first 30 rounds warm up.
 */
async function interleavedP50(
  sessions: ort.InferenceSession[],
  feeds: Record<string, ort.Tensor>,
  rounds: number,
): Promise<number[]> {
  const times: number[][] = sessions.map(() => []);
  for (let i = 0; i < rounds + 30; i++) {
    for (let j = 0; j < sessions.length; j++) {
      const t = performance.now();
      await sessions[j].run(feeds);
      if (i >= 30) times[j].push(performance.now() - t);
    }
  }
  return times.map((t) => percentile(t, 0.5));
}

/** Multiply-adds per second of one [rows, 384] × [384, 1536] product, int8 (dynamic) or fp32, interleaved. */
async function productRates(threads: number): Promise<{ int8: number; fp32: number }> {
  const K = 384;
  const N = 1536;
  const rows = 64;
  const build = (quantized: boolean): Uint8Array => {
    const g = new GraphBuilder('product');
    const x = g.input('x', DataType.FLOAT, [rows, K]);
    g.output('y', DataType.FLOAT, [rows, N]);
    // Any fixed weights do: the kernels' work does not depend on the values.
    const w = Float32Array.from({ length: K * N }, (_, i) => Math.sin(i) / 8);
    if (quantized) {
      const q = quantizePerColumn(w, K, N);
      const zero = g.uint8('zero', [], Uint8Array.of(WEIGHT_ZERO_POINT));
      const inputs = [x, g.uint8('w', [K, N], q.values), g.float('s', [N], q.scales), zero];
      g.node('DynamicQuantizeMatMul', inputs, {}, ['y'], MS_DOMAIN);
    } else {
      g.node('MatMul', [x, g.float('w', [K, N], w)], {}, ['y']);
    }
    return g.encode(17, { name: 'measure', version: '1' });
  };
  const options = { intraOpNumThreads: threads, interOpNumThreads: 1 };
  const sessions = [
    await ort.InferenceSession.create(build(true), options),
    await ort.InferenceSession.create(build(false), options),
  ];
  const x = new ort.Tensor(
    'float32',
    Float32Array.from({ length: rows * K }, (_, i) => Math.cos(i)),
    [rows, K],
  );
  const [int8Ms, fp32Ms] = await interleavedP50(sessions, { x }, 500);
  for (const session of sessions) await session.release();
  const rate = (ms: number) => (rows * K * N) / (ms / 1000);
  return { int8: rate(int8Ms), fp32: rate(fp32Ms) };
}

/** Interleaved p50 of raw int8 runs: this converter's graph against the one in `otherDir`. */
async function compareGraphs(otherDir: string, threads: number): Promise<void> {
  const dir = await ensureMiniLmModel(defaultMiniLmDir());
  const open = (folder: string) =>
    ort.InferenceSession.create(join(folder, 'onnx', 'model_quantized.onnx'), {
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
    });
  const sessions = [await open(dir), await open(otherDir)];
  console.log(`\n| tokens | this converter p50 (ms) | ${otherDir} p50 (ms) | ratio |\n|---|---|---|---|`);
  for (const tokens of [3, 8, 14, 30]) {
    // [CLS] w w … [SEP]: the content of the ids does not change the work done.
    const ids = BigInt64Array.from({ length: tokens }, (_, i) =>
      BigInt(i === 0 ? 101 : i === tokens - 1 ? 102 : 2000 + i * 37),
    );
    const feeds = {
      input_ids: new ort.Tensor('int64', ids, [1, tokens]),
      attention_mask: new ort.Tensor('int64', new BigInt64Array(tokens).fill(1n), [1, tokens]),
      token_type_ids: new ort.Tensor('int64', new BigInt64Array(tokens), [1, tokens]),
    };
    const [ours, theirs] = await interleavedP50(sessions, feeds, 300);
    console.log(`| ${tokens} | ${ours.toFixed(2)} | ${theirs.toFixed(2)} | ${(ours / theirs).toFixed(2)} |`);
  }
  for (const session of sessions) await session.release();
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--compare-with')) {
    await compareGraphs(
      args[args.indexOf('--compare-with') + 1],
      Number(args[args.indexOf('--threads') + 1]) || 1,
    );
    return;
  }
  const threads = Number(args[args.indexOf('--threads') + 1]) || 1;
  const jsonFile = args.includes('--json') ? args[args.indexOf('--json') + 1] : undefined;
  const rows: [string, string][] = [];
  const json: Record<string, number> = { threads };
  const mb = () => process.memoryUsage().rss / 1e6;

  const dir = await ensureMiniLmModel(defaultMiniLmDir());
  for (const quantized of [false, true]) {
    const label = quantized ? 'int8' : 'fp32';
    const rssBefore = mb(); // the first model's figure includes loading transformers.js itself
    let t = performance.now();
    const embedder = await createTransformersEmbedder({ model: dir, cacheSize: 0, threads, quantized });
    const loadMs = performance.now() - t;
    rows.push([
      `${label}: load (incl. warm-up)`,
      `${loadMs.toFixed(0)} ms, +${(mb() - rssBefore).toFixed(0)} MB RSS`,
    ]);

    const single = await timeEach(400, (i) => embedder.embedOne(SHORT[i % SHORT.length]));

    // Baseline: raw onnxruntime on the same tokens, no tokenizer or pooling.
    const { AutoTokenizer } = await import('@huggingface/transformers');
    const tokenizer = await AutoTokenizer.from_pretrained(dir);
    const session = await ort.InferenceSession.create(
      join(dir, 'onnx', quantized ? 'model_quantized.onnx' : 'model.onnx'),
      {
        intraOpNumThreads: threads,
        interOpNumThreads: 1,
      },
    );
    const feeds = SHORT.map((text) => {
      const enc = tokenizer(text) as Record<string, { data: BigInt64Array; dims: number[] }>;
      return Object.fromEntries(
        ['input_ids', 'attention_mask', 'token_type_ids'].map((k) => [
          k,
          new ort.Tensor('int64', enc[k].data, enc[k].dims),
        ]),
      );
    });
    const raw = await timeEach(400, (i) => session.run(feeds[i % feeds.length]));
    await session.release();
    const p50 = percentile(single, 0.5);
    const rawP50 = percentile(raw, 0.5);
    rows.push([
      `${label}: embedOne p50 / p90 (short message, ${SHORT.length} texts, 3–11 tokens)`,
      `${p50.toFixed(2)} / ${percentile(single, 0.9).toFixed(2)} ms`,
    ]);
    rows.push([
      `${label}: baseline raw onnxruntime run p50 (ratio)`,
      `${rawP50.toFixed(2)} ms (${(p50 / rawP50).toFixed(2)}×)`,
    ]);
    Object.assign(json, {
      [`${label}LoadMs`]: loadMs,
      [`${label}SingleP50Ms`]: p50,
      [`${label}RawP50Ms`]: rawP50,
    });
    await embedder.dispose();

    for (const maxBatch of quantized ? [1] : [1, 8, 32]) {
      const batched = await createTransformersEmbedder({
        model: dir,
        cacheSize: 0,
        threads,
        quantized,
        maxBatch,
      });
      const texts = batchTexts(512);
      t = performance.now();
      await batched.embed(texts);
      const perSecond = (texts.length * 1000) / (performance.now() - t);
      rows.push([
        `${label}: throughput, 512 texts of 8–30 tokens, maxBatch ${maxBatch}`,
        `${perSecond.toFixed(0)} texts/s`,
      ]);
      json[`${label}ThroughputBatch${maxBatch}`] = perSecond;
      await batched.dispose();
    }
  }
  rows.push(['process RSS after both models loaded and disposed', `${mb().toFixed(0)} MB`]);

  const rates = await productRates(threads);
  rows.push([
    'matrix-product rate, 64×384 · 384×1536, int8 / fp32 (p50)',
    `${(rates.int8 / 1e9).toFixed(1)} / ${(rates.fp32 / 1e9).toFixed(1)} billion multiply-adds/s`,
  ]);
  Object.assign(json, { int8MacPerSecond: rates.int8, fp32MacPerSecond: rates.fp32 });

  // Last, so its garbage does not inflate the memory figures above.
  const scratch = mkdtempSync(join(tmpdir(), 'parley-measure-'));
  const conversion = await convertMiniLm(scratch);
  rmSync(scratch, { recursive: true, force: true });
  rows.push(['conversion (fp32 + int8 graphs)', `${conversion.millis.toFixed(0)} ms`]);
  json.conversionMs = conversion.millis;

  console.log(`\n| measure (intra-op threads: ${threads}) | result |\n|---|---|`);
  for (const [k, v] of rows) console.log(`| ${k} | ${v} |`);
  if (jsonFile) writeFileSync(jsonFile, JSON.stringify(json, null, 2) + '\n');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
