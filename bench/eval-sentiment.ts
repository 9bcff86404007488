/**
 * Sentiment evaluation.
 *
 *   npm run eval:sentiment -- --test ../shared/datasets/sst2/dev.jsonl
 *   npm run eval:sentiment -- --test ../shared/datasets/sst2/dev.jsonl --train ../shared/datasets/sst2/train.jsonl
 *
 * Flags: --test FILE (JSON Lines {"text","label"}), --train FILE (enables the learned head),
 * --train-limit N (training rows for the learned head, default 16000, sampled with a fixed seed;
 * a learning curve on a held-out part of train still rose by ~0.8 points per doubling at 6,500 rows),
 * --min-words N (only train rows with at least N words, default 6: SST-2's train split is mostly short
 * phrase fragments, while messages and the dev split are whole sentences), --model DIR (embedding model
 * folder; default the converted MiniLM), --json FILE.
 *
 * Scores, on the test split only:
 * - the default rule-based analyser (nlp/sentiment): binary accuracy with its train-tuned cut; where the
 *   labels have three values (negative/neutral/positive) also three-way accuracy of `label`;
 * - the baseline in the same run: natural's AFINN SentimentAnalyzer (Porter stemmer, score > 0 → positive);
 * - with --train: a learned head, softmax/logistic regression on sentence embeddings, trained on the train
 *   split only; and a hybrid head, the same regression with the rule-based score as one more feature.
 *   Embeddings are cached under models/cache/ keyed by model and texts.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  markdownTable,
  optionalFlag,
  parseFlags,
  readJsonLines,
  requireFlag,
  writeJsonResult,
} from './lib/cli';
import { analyzeSentiment, toBinaryLabel } from '../nlp/sentiment';

process.env.DOTENV_CONFIG_QUIET ??= 'true';

const USAGE =
  'npm run eval:sentiment -- --test FILE [--train FILE] [--train-limit N] [--min-words N] [--model DIR] [--json FILE]';
const CACHE_DIR = resolve(__dirname, '..', 'models', 'cache');

interface Row {
  text: string;
  label: string;
}

function seededShuffle<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function naturalAfinnBaseline(rows: Row[], positive: string, negative: string): number {
  const natural = require('natural') as typeof import('natural');
  const analyzer = new natural.SentimentAnalyzer('English', natural.PorterStemmer, 'afinn');
  const tokenizer = new natural.WordTokenizer();
  let correct = 0;
  for (const row of rows) {
    const words = tokenizer.tokenize(row.text) ?? [];
    const score = words.length ? analyzer.getSentiment(words) : 0;
    if ((score > 0 ? positive : negative) === row.label) correct++;
  }
  return correct / rows.length;
}

// ---- learned head: multinomial logistic regression on embeddings -------------------------------

interface Embedderish {
  dimension: number;
  modelId: string;
  embed(texts: string[]): Promise<Float32Array[]>;
}

/**
 * Embeds texts through an append-only cache under models/cache/: one file of text hashes and one of
 * float32 vectors per model, so a later run (or a larger --train-limit) only embeds what is new.
 */
async function embedCached(embedder: Embedderish, texts: string[], label: string): Promise<Float32Array[]> {
  const dim = embedder.dimension;
  const stem = join(
    CACHE_DIR,
    `sentiment-${createHash('sha256').update(embedder.modelId).digest('hex').slice(0, 12)}`,
  );
  const keyFile = `${stem}.keys`;
  const vectorFile = `${stem}.f32`;
  const index = new Map<string, number>();
  let stored = new Float32Array(0);
  if (existsSync(keyFile) && existsSync(vectorFile)) {
    const keys = readFileSync(keyFile, 'utf8').split('\n').filter(Boolean);
    const buf = readFileSync(vectorFile);
    if (buf.byteLength === keys.length * dim * 4) {
      stored = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
      keys.forEach((k, i) => index.set(k, i));
    } else {
      writeFileSync(keyFile, '');
      writeFileSync(vectorFile, Buffer.alloc(0));
    }
  }
  const hashes = texts.map((t) => createHash('sha1').update(t).digest('hex'));
  const missing = [...new Set(hashes.filter((h) => !index.has(h)))];
  const fresh = new Map<string, Float32Array>();
  if (missing.length > 0) {
    const textOf = new Map(hashes.map((h, i) => [h, texts[i]]));
    const started = performance.now();
    const chunk = 256;
    mkdirSync(CACHE_DIR, { recursive: true });
    for (let i = 0; i < missing.length; i += chunk) {
      const keys = missing.slice(i, i + chunk);
      const vectors = await embedder.embed(keys.map((k) => textOf.get(k) as string));
      const block = new Float32Array(keys.length * dim);
      vectors.forEach((v, j) => {
        block.set(v, j * dim);
        fresh.set(keys[j], v);
      });
      appendFileSync(vectorFile, Buffer.from(block.buffer));
      appendFileSync(keyFile, keys.join('\n') + '\n');
      if (process.stderr.isTTY)
        process.stderr.write(`\r  embedding ${label}: ${fresh.size}/${missing.length}`);
    }
    if (process.stderr.isTTY) process.stderr.write('\n');
    console.log(
      `  embedded ${missing.length} new ${label} texts in ${((performance.now() - started) / 1000).toFixed(1)} s` +
        ` (${texts.length - missing.length} from cache)`,
    );
  } else {
    console.log(`  ${label}: all ${texts.length} embeddings from cache`);
  }
  return hashes.map((h) => {
    const cached = fresh.get(h);
    if (cached) return cached;
    const i = index.get(h) as number;
    return stored.slice(i * dim, (i + 1) * dim);
  });
}

interface SoftmaxModel {
  weights: Float64Array; // classes × (dim + 1), bias last
  classes: number;
  dim: number;
}

/** Full-batch gradient descent with Adam and L2, on unit-length inputs. Deterministic. */
function trainSoftmax(
  x: Float32Array[],
  y: number[],
  classes: number,
  epochs = 300,
  l2 = 1e-4,
): SoftmaxModel {
  const dim = x[0].length;
  const stride = dim + 1;
  const w = new Float64Array(classes * stride);
  const m = new Float64Array(w.length);
  const v = new Float64Array(w.length);
  const grad = new Float64Array(w.length);
  const probs = new Float64Array(classes);
  const lr = 0.05;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    grad.fill(0);
    for (let n = 0; n < x.length; n++) {
      const xi = x[n];
      let max = -Infinity;
      for (let c = 0; c < classes; c++) {
        let z = w[c * stride + dim];
        for (let d = 0; d < dim; d++) z += w[c * stride + d] * xi[d];
        probs[c] = z;
        if (z > max) max = z;
      }
      let sum = 0;
      for (let c = 0; c < classes; c++) sum += probs[c] = Math.exp(probs[c] - max);
      for (let c = 0; c < classes; c++) {
        const g = probs[c] / sum - (y[n] === c ? 1 : 0);
        for (let d = 0; d < dim; d++) grad[c * stride + d] += g * xi[d];
        grad[c * stride + dim] += g;
      }
    }
    for (let k = 0; k < w.length; k++) {
      const isBias = k % stride === dim;
      const g = grad[k] / x.length + (isBias ? 0 : l2 * w[k]);
      m[k] = 0.9 * m[k] + 0.1 * g;
      v[k] = 0.999 * v[k] + 0.001 * g * g;
      const mHat = m[k] / (1 - 0.9 ** epoch);
      const vHat = v[k] / (1 - 0.999 ** epoch);
      w[k] -= (lr * mHat) / (Math.sqrt(vHat) + 1e-8);
    }
  }
  return { weights: w, classes, dim };
}

function predictSoftmax(model: SoftmaxModel, xi: Float32Array): number {
  const stride = model.dim + 1;
  let best = 0;
  let bestZ = -Infinity;
  for (let c = 0; c < model.classes; c++) {
    let z = model.weights[c * stride + model.dim];
    for (let d = 0; d < model.dim; d++) z += model.weights[c * stride + d] * xi[d];
    if (z > bestZ) {
      bestZ = z;
      best = c;
    }
  }
  return best;
}

/** The embedding plus the rule-based score and its binary decision. */
function withRuleFeatures(vectors: Float32Array[], rows: Row[]): Float32Array[] {
  return vectors.map((v, i) => {
    const out = new Float32Array(v.length + 2);
    out.set(v);
    const result = analyzeSentiment(rows[i].text);
    out[v.length] = result.score;
    out[v.length + 1] = toBinaryLabel(result) === 'positive' ? 1 : 0;
    return out;
  });
}

function accuracyOf(model: SoftmaxModel, xs: Float32Array[], rows: Row[], classes: string[]): number {
  let correct = 0;
  xs.forEach((xi, i) => {
    if (classes[predictSoftmax(model, xi)] === rows[i].label) correct++;
  });
  return correct / rows.length;
}

async function learnedHead(
  train: Row[],
  test: Row[],
  classes: string[],
  modelDir: string | undefined,
): Promise<{
  accuracy: number;
  hybridAccuracy: number;
  trainRows: number;
  modelId: string;
  seconds: number;
}> {
  const started = performance.now();
  const { createTransformersEmbedder } = await import('../nlp/embeddings');
  const embedder = await createTransformersEmbedder(
    modelDir ? { model: modelDir, cacheSize: 0 } : { cacheSize: 0 },
  );
  const trainX = await embedCached(
    embedder,
    train.map((r) => r.text),
    'train',
  );
  const testX = await embedCached(
    embedder,
    test.map((r) => r.text),
    'test',
  );
  const y = train.map((r) => classes.indexOf(r.label));
  const model = trainSoftmax(trainX, y, classes.length);
  const hybrid = trainSoftmax(withRuleFeatures(trainX, train), y, classes.length);
  return {
    accuracy: accuracyOf(model, testX, test, classes),
    hybridAccuracy: accuracyOf(hybrid, withRuleFeatures(testX, test), test, classes),
    trainRows: train.length,
    modelId: embedder.modelId,
    seconds: (performance.now() - started) / 1000,
  };
}

// ---- main -----------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const flags = parseFlags();
  const testPath = requireFlag(flags, 'test', USAGE);
  const trainPath = optionalFlag(flags, 'train');
  const trainLimit = Number(optionalFlag(flags, 'train-limit') ?? 16000);
  if (!Number.isInteger(trainLimit) || trainLimit <= 0) {
    console.error(`--train-limit must be a positive integer\nusage: ${USAGE}`);
    process.exit(2);
  }
  const test = readJsonLines<Row>(testPath).filter((r) => typeof r.text === 'string');
  const labels: string[] = [...new Set(test.map((r) => r.label))].sort();
  const threeWay = labels.length === 3 && labels.includes('neutral');
  if (!labels.every((l) => l === 'positive' || l === 'negative' || l === 'neutral')) {
    console.error(`labels must be positive/negative[/neutral]; found ${labels.join(', ')}`);
    process.exit(2);
  }

  // Rule-based analyser (the first call builds the lexicons; keep that out of the per-message time).
  for (const row of test) analyzeSentiment(row.text);
  const started = performance.now();
  let binaryCorrect = 0;
  let binaryRows = 0;
  let threeCorrect = 0;
  for (const row of test) {
    const result = analyzeSentiment(row.text);
    if (row.label !== 'neutral') {
      binaryRows++;
      if (toBinaryLabel(result) === row.label) binaryCorrect++;
    }
    if (result.label === row.label) threeCorrect++;
  }
  const analyserMicros = ((performance.now() - started) * 1000) / test.length;
  const accuracy = binaryCorrect / binaryRows;
  const threeWayAccuracy = threeWay ? threeCorrect / test.length : undefined;

  const binaryTest = test.filter((r) => r.label !== 'neutral');
  const baselineAccuracy = naturalAfinnBaseline(binaryTest, 'positive', 'negative');

  const rows: (string | number)[][] = [
    ['natural AFINN (baseline)', binaryTest.length, baselineAccuracy * 100, 1, '—'],
    [
      'nlp/sentiment rules (default)',
      binaryRows,
      accuracy * 100,
      accuracy / baselineAccuracy,
      analyserMicros,
    ],
  ];
  if (threeWayAccuracy !== undefined) {
    rows.push(['nlp/sentiment rules, three-way', test.length, threeWayAccuracy * 100, '—', '—']);
  }

  const labelSet = new Set<string>(labels);
  let learned: Awaited<ReturnType<typeof learnedHead>> | undefined;
  if (trainPath) {
    const minWords = Number(optionalFlag(flags, 'min-words') ?? 6);
    const allTrain = readJsonLines<Row>(trainPath).filter(
      (r) =>
        typeof r.text === 'string' && labelSet.has(r.label) && r.text.trim().split(/\s+/).length >= minWords,
    );
    const train = seededShuffle(allTrain, 20240601).slice(0, trainLimit);
    console.log(`learned head: ${train.length} of ${allTrain.length} train rows with ≥ ${minWords} words`);
    learned = await learnedHead(train, test, labels, optionalFlag(flags, 'model'));
    rows.push([
      `learned head (${threeWay ? 'softmax' : 'logistic'} on embeddings)`,
      test.length,
      learned.accuracy * 100,
      learned.accuracy / baselineAccuracy,
      '—',
    ]);
    rows.push([
      'hybrid head (embeddings + rule score)',
      test.length,
      learned.hybridAccuracy * 100,
      learned.hybridAccuracy / baselineAccuracy,
      '—',
    ]);
  }

  console.log(`\nsentiment on ${testPath} (${test.length} rows; labels ${labels.join('/')})\n`);
  console.log(markdownTable(['method', 'rows', 'accuracy %', '× baseline', 'µs / message'], rows));
  if (learned) {
    console.log(
      `\nlearned head: ${learned.trainRows} train rows, model ${learned.modelId}, ${learned.seconds.toFixed(1)} s`,
    );
  }

  writeJsonResult(flags, {
    test: testPath,
    rows: test.length,
    labels,
    accuracy,
    threeWayAccuracy: threeWayAccuracy ?? null,
    baselineAccuracy,
    analyserMicrosPerMessage: analyserMicros,
    learnedAccuracy: learned?.accuracy ?? null,
    hybridAccuracy: learned?.hybridAccuracy ?? null,
    learnedTrainRows: learned?.trainRows ?? null,
    learnedModel: learned?.modelId ?? null,
    learnedSeconds: learned?.seconds ?? null,
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
