/**
 * Sentiment evaluation.
 *
 *   npm run eval:sentiment -- --test ../shared/datasets/sst2/dev.jsonl
 *   npm run eval:sentiment -- --test ../shared/datasets/sst2/dev.jsonl --train ../shared/datasets/sst2/train.jsonl
 *
 * Flags: --test FILE (JSON Lines {"text","label"}), --train FILE (enables the learned heads),
 * --min-words N (train rows with at least N words fit the heads, default 6: SST-2's train split is mostly
 * short phrase fragments, while messages and the dev split are whole sentences; on held-out train, adding
 * the shorter phrases changed nothing beyond noise and doubled the fitting time), --train-limit N (at most
 * N of those rows, sampled with the seed; default all), --holdout N (whole train sentences held out for
 * model selection, default 1500), --seed N (default 1), --model DIR (embedding model folder; default the
 * converted MiniLM), --save-head FILE (writes the chosen head as JSON), --json FILE.
 *
 * Scores, on the test split only:
 * - the default rule-based analyser (nlp/sentiment): binary accuracy with its train-tuned cut; where the
 *   labels have three values (negative/neutral/positive) also three-way accuracy of `label`;
 * - the baseline in the same run: natural's AFINN SentimentAnalyzer (Porter stemmer, score > 0 → positive);
 * - with --train: two learned heads (nlp/sentiment/learned-head.ts), L2-regularised logistic regression
 *   fitted with L-BFGS, (a) on the sentence embedding alone and (b) on the embedding plus the rule-based
 *   analyser's outputs as extra inputs of the same regression. Their L2 strength and the weight of whole
 *   sentences among the phrase rows are chosen on --holdout sentences set aside from train (with every
 *   sub-phrase of them kept out of fitting); each head is then refitted on all the train rows and scored
 *   once on the test file. The head reported as `learnedAccuracy` is the one with the better held-out
 *   train accuracy, so the test file chooses nothing. Binary: neutral rows are left out of the heads.
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
import { createRng, shuffleInPlace } from '../nlp/intents/random';
import { analyzeSentiment, toBinaryLabel } from '../nlp/sentiment';
import {
  headAccuracy,
  holdOutSentences,
  normaliseSpaces,
  SentimentHead,
  selectSentimentHead,
  withSentenceWeight,
  type BinarySentiment,
  type HeadExample,
  type SelectionCandidate,
  type SelectionResult,
  type SentimentHeadFeatures,
  type SentimentHeadJson,
} from '../nlp/sentiment/learned-head';

process.env.DOTENV_CONFIG_QUIET ??= 'true';

const USAGE =
  'npm run eval:sentiment -- --test FILE [--train FILE] [--min-words N] [--train-limit N] [--holdout N]' +
  ' [--seed N] [--model DIR] [--save-head FILE] [--json FILE]';
const CACHE_DIR = resolve(__dirname, '..', 'models', 'cache');
const DEFAULT_MIN_WORDS = 6;

interface Row {
  text: string;
  label: string;
}

function shuffleCopy<T>(items: readonly T[], rng: () => number): T[] {
  const out = [...items];
  shuffleInPlace(out, rng);
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

// ---- learned heads: logistic regression on embeddings (+ rule features) ---------------------------

/** Candidate settings, tried on held-out train sentences: L2 strength × weight of whole sentences. */
const CANDIDATES: SelectionCandidate[] = [0.01, 0.03, 0.1].flatMap((l2) =>
  [1, 3].map((sentenceWeight) => ({ l2, sentenceWeight })),
);

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

interface HeadReport {
  features: SentimentHeadFeatures;
  selection: SelectionResult;
  /** Held-out accuracy of the chosen candidate. */
  heldOutAccuracy: number;
  accuracy: number;
  head: SentimentHead;
}

/**
 * Learned heads, both feature sets: settings chosen on sentences held out of train (never the test
 * file), then refitted on all the training rows and scored once on the test rows.
 */
async function learnedHeads(
  allTrainRows: Row[],
  fitRows: Row[],
  test: Row[],
  options: { modelDir?: string; holdout: number; seed: number },
): Promise<{
  heads: HeadReport[];
  chosen: HeadReport;
  trainRows: number;
  heldOutRows: number;
  modelId: string;
  seconds: number;
}> {
  const started = performance.now();
  const { createTransformersEmbedder } = await import('../nlp/embeddings');
  const embedder = await createTransformersEmbedder(
    options.modelDir ? { model: options.modelDir, cacheSize: 0 } : { cacheSize: 0 },
  );
  const { heldOut, blocked, sentences } = holdOutSentences(
    allTrainRows.map((r) => r.text),
    options.holdout,
    createRng(options.seed),
  );
  const labelOf = new Map(allTrainRows.map((r) => [normaliseSpaces(r.text), r.label]));
  const heldOutRows: Row[] = heldOut.map((text) => ({ text, label: labelOf.get(text) as string }));
  const texts = [...new Set([...fitRows.map((r) => r.text), ...heldOut])];
  const vectors = await embedCached(embedder, texts, 'train');
  const vectorOf = new Map(texts.map((t, i) => [t, vectors[i]]));
  const testVectors = await embedCached(
    embedder,
    test.map((r) => r.text),
    'test',
  );
  const toExample = (r: Row, vector: Float32Array): HeadExample => ({
    vector,
    text: r.text,
    label: r.label as BinarySentiment,
  });
  const all = fitRows.map((r) => toExample(r, vectorOf.get(r.text) as Float32Array));
  const selectionFit = all.filter((e) => !blocked.has(normaliseSpaces(e.text)));
  const validation = heldOutRows.map((r) => toExample(r, vectorOf.get(r.text) as Float32Array));
  const testExamples = test.map((r, i) => toExample(r, testVectors[i]));
  const isSentence = (text: string) => sentences.has(normaliseSpaces(text));
  console.log(
    `  selection: fitting on ${selectionFit.length} rows, ${validation.length} whole sentences held out of train`,
  );

  const heads: HeadReport[] = [];
  for (const features of ['embedding', 'embedding+rules'] as const) {
    const selection = selectSentimentHead(selectionFit, validation, features, CANDIDATES, isSentence);
    const head = SentimentHead.train(withSentenceWeight(all, selection.sentenceWeight, isSentence), {
      features,
      l2: selection.l2,
    });
    const heldOutAccuracy = selection.tried.find(
      (t) => t.l2 === selection.l2 && t.sentenceWeight === selection.sentenceWeight,
    )?.accuracy as number;
    heads.push({ features, selection, heldOutAccuracy, accuracy: headAccuracy(head, testExamples), head });
  }
  // The head the command stands behind is also chosen on held-out train, not on the test file.
  const chosen = heads.reduce((best, h) => (h.heldOutAccuracy > best.heldOutAccuracy ? h : best));
  return {
    heads,
    chosen,
    trainRows: all.length,
    heldOutRows: validation.length,
    modelId: embedder.modelId,
    seconds: (performance.now() - started) / 1000,
  };
}

// ---- main -----------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const flags = parseFlags();
  const testPath = requireFlag(flags, 'test', USAGE);
  const trainPath = optionalFlag(flags, 'train');
  const trainLimit = Number(optionalFlag(flags, 'train-limit') ?? Infinity);
  if (trainLimit !== Infinity && (!Number.isInteger(trainLimit) || trainLimit <= 0)) {
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

  let learned: Awaited<ReturnType<typeof learnedHeads>> | undefined;
  let binaryLearnedTest: Row[] = [];
  if (trainPath) {
    const minWords = Number(optionalFlag(flags, 'min-words') ?? DEFAULT_MIN_WORDS);
    const holdout = Number(optionalFlag(flags, 'holdout') ?? 1500);
    const seed = Number(optionalFlag(flags, 'seed') ?? 1);
    if (![minWords, holdout, seed].every((v) => Number.isInteger(v) && v >= 0)) {
      console.error(`--min-words, --holdout and --seed must be non-negative integers\nusage: ${USAGE}`);
      process.exit(2);
    }
    // The learned head is binary: neutral rows (three-way files) are left out of its training and scoring.
    const seen = new Set<string>();
    const allTrain = readJsonLines<Row>(trainPath).filter((r) => {
      if (typeof r.text !== 'string' || (r.label !== 'positive' && r.label !== 'negative')) return false;
      if (seen.has(r.text)) return false;
      seen.add(r.text);
      return true;
    });
    const eligible = allTrain.filter((r) => r.text.trim().split(/\s+/).length >= minWords);
    const rng = createRng(seed);
    const fitRows = Number.isFinite(trainLimit) ? shuffleCopy(eligible, rng).slice(0, trainLimit) : eligible;
    binaryLearnedTest = binaryTest;
    console.log(
      `learned head: ${fitRows.length} of ${allTrain.length} distinct train rows (≥ ${minWords} words)`,
    );
    learned = await learnedHeads(allTrain, fitRows, binaryTest, {
      modelDir: optionalFlag(flags, 'model'),
      holdout,
      seed,
    });
    for (const h of learned.heads) {
      rows.push([
        `learned head: logistic on ${h.features === 'embedding' ? 'embeddings' : 'embeddings + rule features'}` +
          (h === learned.chosen ? ' (chosen)' : ''),
        binaryTest.length,
        h.accuracy * 100,
        h.accuracy / baselineAccuracy,
        '—',
      ]);
    }
    const savePath = optionalFlag(flags, 'save-head');
    if (savePath) {
      const json = learned.chosen.head.toJSON();
      writeFileSync(savePath, JSON.stringify(json) + '\n');
      // The saved file must reproduce the figures exactly.
      const reloaded = SentimentHead.fromJSON(
        JSON.parse(readFileSync(savePath, 'utf8')) as SentimentHeadJson,
      );
      if (reloaded.toJSON().model.weights !== json.model.weights)
        throw new Error('saved head does not reload');
      console.log(`  saved the chosen head (${learned.chosen.features}) to ${savePath}`);
    }
  }

  console.log(`\nsentiment on ${testPath} (${test.length} rows; labels ${labels.join('/')})\n`);
  console.log(markdownTable(['method', 'rows', 'accuracy %', '× baseline', 'µs / message'], rows));
  if (learned) {
    console.log(
      `\nlearned heads: ${learned.trainRows} train rows, model ${learned.modelId}, ${learned.seconds.toFixed(1)} s;` +
        ` settings chosen on ${learned.heldOutRows} sentences held out of train (never the test file):\n`,
    );
    console.log(
      markdownTable(
        ['features', 'L2', 'sentence weight', 'held-out train accuracy %', 'chosen'],
        learned.heads.flatMap((h) =>
          h.selection.tried.map((t) => [
            h.features,
            t.l2,
            t.sentenceWeight,
            t.accuracy * 100,
            t.l2 === h.selection.l2 && t.sentenceWeight === h.selection.sentenceWeight ? '✓' : '',
          ]),
        ),
      ),
    );
  }

  const embeddingHead = learned?.heads.find((h) => h.features === 'embedding');
  const rulesHead = learned?.heads.find((h) => h.features === 'embedding+rules');
  writeJsonResult(flags, {
    test: testPath,
    rows: test.length,
    labels,
    accuracy,
    threeWayAccuracy: threeWayAccuracy ?? null,
    baselineAccuracy,
    analyserMicrosPerMessage: analyserMicros,
    learnedAccuracy: learned?.chosen.accuracy ?? null,
    learnedFeatures: learned?.chosen.features ?? null,
    learnedRows: learned ? binaryLearnedTest.length : null,
    embeddingHeadAccuracy: embeddingHead?.accuracy ?? null,
    hybridAccuracy: rulesHead?.accuracy ?? null,
    learnedHeads:
      learned?.heads.map((h) => ({
        features: h.features,
        accuracy: h.accuracy,
        heldOutAccuracy: h.heldOutAccuracy,
        l2: h.selection.l2,
        sentenceWeight: h.selection.sentenceWeight,
        tried: h.selection.tried,
      })) ?? null,
    learnedTrainRows: learned?.trainRows ?? null,
    learnedHeldOutRows: learned?.heldOutRows ?? null,
    learnedModel: learned?.modelId ?? null,
    learnedSeconds: learned?.seconds ?? null,
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
