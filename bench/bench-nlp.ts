/**
 * Speed of intent recognition, one message at a time (what a chat turn costs).
 *
 *   npm run bench:nlp -- --train ../shared/datasets/banking77/train.jsonl --test ../shared/datasets/banking77/test.jsonl
 *
 * Flags: --train FILE, --test FILE (JSON Lines {"text","label"}; test texts are the queries),
 * --samples N (queries per configuration, default 500), --cache-dir DIR (embedding cache used
 * for training only, as in eval:intents), --quantized (the int8 MiniLM instead of fp32), --json FILE.
 *
 * Configurations, all trained on the same rows and timed in the same run:
 * - baseline: nlp.js's NluNeural alone, called directly (no sanitising, no ranking);
 * - recognizer without an embedder (nlp.js only);
 * - recognizer with the MiniLM embedder (embedding + lexical, + nlp.js on small corpora), single calls;
 * - the embedder alone on the same texts (no cache): the share of a recognition that is the model run;
 * - the same, batched: recognizeMany over 32 texts (throughput only; other test texts, so the
 *   embedder's LRU cannot answer them).
 * The query embeddings are computed live (the real embedder has its own small LRU, which the
 * distinct test texts do not hit).
 */
import { performance } from 'node:perf_hooks';
import {
  markdownTable,
  optionalFlag,
  parseFlags,
  percentile,
  readJsonLines,
  requireFlag,
  writeJsonResult,
} from './lib/cli';
import { CachedEmbedder, toDefinitions, type Row } from './eval-intents';
import { IntentRecognizer } from '../nlp/intents';
import { NlpjsClassifier } from '../nlp/intents/nlpjs-classifier';
import { createTransformersEmbedder } from '../nlp/embeddings';

process.env.DOTENV_CONFIG_QUIET ??= 'true';

const USAGE = 'npm run bench:nlp -- --train FILE --test FILE [--samples N] [--cache-dir DIR] [--json FILE]';

interface Timing {
  name: string;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

async function time(name: string, texts: string[], run: (text: string) => Promise<unknown>): Promise<Timing> {
  for (const text of texts.slice(0, 20)) await run(text); // warm-up: JIT, caches
  const samples: number[] = [];
  const started = performance.now();
  for (const text of texts) {
    const t = performance.now();
    await run(text);
    samples.push(performance.now() - t);
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    name,
    perSecond: texts.length / seconds,
    p50Ms: percentile(samples, 50),
    p99Ms: percentile(samples, 99),
  };
}

async function main(): Promise<void> {
  const flags = parseFlags();
  const trainRows = readJsonLines<Row>(requireFlag(flags, 'train', USAGE));
  const testRows = readJsonLines<Row>(requireFlag(flags, 'test', USAGE));
  const samples = Number(optionalFlag(flags, 'samples') ?? 500);
  const queries = testRows.slice(0, samples).map((r) => r.text);
  // Batches use other texts: the embedder's LRU would answer repeats without running the model.
  const batchQueries = testRows.slice(samples, 2 * samples).map((r) => r.text);
  const definitions = toDefinitions(trainRows);

  const labels = new Map(definitions.map((d, i) => [d.name, i]));
  const nlpjs = await NlpjsClassifier.train(
    definitions.flatMap((d) => d.utterances.map((text) => ({ text, label: labels.get(d.name)! }))),
    definitions.length,
  );
  const plain = await IntentRecognizer.train(definitions);
  const real = await createTransformersEmbedder({ quantized: flags.quantized === true });
  const cached = CachedEmbedder.open(real, optionalFlag(flags, 'cache-dir'));
  const trained = await IntentRecognizer.train(definitions, { embedder: cached });
  const full = IntentRecognizer.fromJSON(trained.toJSON(), { embedder: real });

  // The classifiers the trained mix uses (nlp.js is left out of large corpora).
  const members = Object.entries(full.activeCalibration.weights)
    .filter(([, weight]) => (weight ?? 0) > 0)
    .map(([name]) => (name === 'embedding' ? 'MiniLM' : name))
    .join(' + ');
  // The same queries through an embedder without a cache: how much of a recognition is the model run.
  const uncached = await createTransformersEmbedder({ quantized: flags.quantized === true, cacheSize: 0 });
  const timings = [
    await time('baseline: nlp.js NluNeural', queries, (t) => nlpjs.scores(t)),
    await time('recognizer, no embedder (nlp.js only)', queries, (t) => plain.recognize(t)),
    await time(`recognizer, ${members}`, queries, (t) => full.recognize(t)),
    await time('of which: the embedder alone (same texts)', queries, (t) => uncached.embedOne(t)),
  ];
  const batchStart = performance.now();
  for (let i = 0; i < batchQueries.length; i += 32) await full.recognizeMany(batchQueries.slice(i, i + 32));
  const batchPerSecond = batchQueries.length / ((performance.now() - batchStart) / 1000);

  const base = timings[0];
  console.log(
    markdownTable(
      ['configuration', 'per s', 'vs baseline', 'p50 ms', 'p99 ms'],
      [
        ...timings.map((t) => [
          t.name,
          t.perSecond,
          `${(t.perSecond / base.perSecond).toFixed(3)}×`,
          t.p50Ms,
          t.p99Ms,
        ]),
        [
          'recognizer, MiniLM, batches of 32',
          batchPerSecond,
          `${(batchPerSecond / base.perSecond).toFixed(3)}×`,
          '–',
          '–',
        ],
      ],
    ),
  );
  writeJsonResult(flags, { samples: queries.length, timings, batchPerSecond });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
