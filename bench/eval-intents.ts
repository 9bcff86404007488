/**
 * Intent recognition evaluation.
 *
 *   npm run eval:intents -- --train ../shared/datasets/banking77/train.jsonl --test ../shared/datasets/banking77/test.jsonl --baseline
 *   npm run eval:intents -- --train ../shared/datasets/clinc150/train.jsonl --test ../shared/datasets/clinc150/val.jsonl --oos-label oos
 *   npm run eval:intents -- --train A/train.jsonl,B/train.jsonl --test A/test.jsonl,B/test.jsonl
 *
 * Flags:
 *   --train FILES, --test FILES  JSON Lines {"text","label"}; comma-separated lists are pairs, each pair
 *                                a separate task (own model), reported one by one and pooled ("overall").
 *   --oos-label L    rows with this label are out of scope: left out of training (unless --train-oos)
 *                    and scored as correct when the recognizer answers 'none' (open-set scoring).
 *                    Without it, scoring is closed-set: the top-ranked intent counts, whatever the
 *                    threshold says, and `rejectRate` reports how often the threshold would say 'none'.
 *   --train-oos      train the oos rows as an ordinary intent too (its prediction also counts as oos).
 *   --no-embeddings  no embedder: the recognizer runs nlp.js alone.
 *   --baseline       also train and score plain nlp.js (the recognizer with no embedder and no
 *                    lexical classifier) in the same run; ratios are printed beside.
 *   --target-recall R  in-scope recall the calibrated threshold keeps on held-out training rows
 *                    (default: the library's, 0.98).
 *   --margin M       ambiguity margin (default 0).
 *   --weights embedding=W,lexical=W,nlpjs=W  fixed mixing weights (ablations); default: chosen
 *                    on held-out training rows.
 *   --latency-samples N  single-call latency over N test rows with the real (uncached) embedder (300).
 *   --model DIR      embedding model folder (default: the converted all-MiniLM-L6-v2).
 *   --quantized      the int8 model (onnx/model_quantized.onnx) instead of fp32; its vectors are
 *                    cached apart from the fp32 ones.
 *   --cache-dir DIR  where embeddings are cached (default models/cache/intent-embeddings).
 *   --cold-train     also train once from raw text, as a retrain from the console does: a fresh embedder
 *                    (nothing cached, not even in memory) embeds every training utterance inside
 *                    IntentRecognizer.train. Reported as coldTrainSeconds / coldTrainCpuSeconds.
 *   --json FILE      write the results.
 *
 * Metrics (test rows only; the model never sees them): accuracy, macroF1 (over gold classes, oos
 * included), inScopeAccuracy (rows whose label is not oos; 'none' counts wrong), oosRecall and
 * oosPrecision (open-set only), trainSeconds / trainCpuSeconds (IntentRecognizer.train with every
 * embedding already cached: the fit itself; CPU seconds are steadier on a shared machine), coldTrainSeconds /
 * coldTrainCpuSeconds (with --cold-train: the same from raw text, embeddings included), embedSeconds (embedding the training texts when they were not cached;
 * 0 on a re-run), perSecond / p50Ms / p99Ms (sequential single `recognize` calls, real embedder),
 * confusedPairs (top 10 gold → predicted). Overall, for several tasks: micro over all test rows
 * pooled (every row gets one label, so overall micro-F1 = pooled accuracy), macro-F1 over every
 * task's classes, and the mean of the per-task macro-F1.
 *
 * Open-set runs also print a sweep: the same test rankings re-decided at every in-scope recall
 * target whose threshold training calibrated (0.90 … 0.99), i.e. the trade-off an admin can pick
 * with `recognizer.withTargetRecall(r)` without retraining.
 *
 * Embeddings are cached under models/cache/intent-embeddings/ (one append-only file per model):
 * fine for a benchmark, never done by the library.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
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
import type { Flags } from './lib/cli';
import { IntentRecognizer, NONE_INTENT, sanitizeText } from '../nlp/intents';
import type {
  IntentDefinition,
  IntentEmbedder,
  IntentRecognition,
  IntentRecognizerOptions,
  MixCalibration,
} from '../nlp/intents';
import { createTransformersEmbedder } from '../nlp/embeddings';

process.env.DOTENV_CONFIG_QUIET ??= 'true';

const USAGE =
  'npm run eval:intents -- --train FILE[,FILE…] --test FILE[,FILE…] [--oos-label L] [--train-oos] [--no-embeddings] [--baseline] [--json FILE]';
const DEFAULT_CACHE_DIR = resolve(__dirname, '..', 'models', 'cache', 'intent-embeddings');

export interface Row {
  text: string;
  label: string;
}

export interface Metrics {
  rows: number;
  accuracy: number;
  macroF1: number;
  inScopeAccuracy: number;
  oosRecall: number | null;
  oosPrecision: number | null;
  rejectRate: number;
  confusedPairs: { gold: string; predicted: string; count: number }[];
}

/**
 * An embedder that remembers every vector in an append-only file: [u32 byte length][utf-8 text]
 * [f32 × dimension] per record. Re-runs of an evaluation then skip the model entirely.
 */
export class CachedEmbedder implements IntentEmbedder {
  private readonly memory = new Map<string, Float32Array>();
  /** Seconds spent in the real embedder (cache misses). */
  missSeconds = 0;

  private constructor(
    private readonly inner: IntentEmbedder,
    private readonly file: string,
  ) {}

  get dimension(): number {
    return this.inner.dimension;
  }
  get modelId(): string {
    return this.inner.modelId;
  }

  static open(inner: IntentEmbedder, dir: string = DEFAULT_CACHE_DIR): CachedEmbedder {
    mkdirSync(dir, { recursive: true });
    const key = createHash('sha256')
      .update(`${inner.modelId}\n${inner.dimension}`)
      .digest('hex')
      .slice(0, 16);
    const cache = new CachedEmbedder(inner, join(dir, `${key}.bin`));
    cache.load();
    return cache;
  }

  private load(): void {
    if (!existsSync(this.file)) return;
    const buf = readFileSync(this.file);
    const vectorBytes = this.dimension * 4;
    let off = 0;
    while (off + 4 <= buf.length) {
      const len = buf.readUInt32LE(off);
      if (off + 4 + len + vectorBytes > buf.length) break; // a torn last record: ignore it
      const text = buf.toString('utf8', off + 4, off + 4 + len);
      const start = off + 4 + len;
      const vector = new Float32Array(this.dimension);
      new Uint8Array(vector.buffer).set(buf.subarray(start, start + vectorBytes));
      this.memory.set(text, vector);
      off = start + vectorBytes;
    }
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    const missing = [...new Set(texts.filter((t) => !this.memory.has(t)))];
    if (missing.length > 0) {
      const started = performance.now();
      const chunks: Buffer[] = [];
      for (let i = 0; i < missing.length; i += 512) {
        const part = missing.slice(i, i + 512);
        const vectors = await this.inner.embed(part);
        part.forEach((text, j) => {
          this.memory.set(text, vectors[j]);
          const textBytes = Buffer.from(text, 'utf8');
          const head = Buffer.alloc(4);
          head.writeUInt32LE(textBytes.length);
          chunks.push(
            head,
            textBytes,
            Buffer.from(vectors[j].buffer, vectors[j].byteOffset, vectors[j].byteLength),
          );
        });
        // Recreate the folder if someone cleaned models/ meanwhile: losing the cache is fine, crashing is not.
        mkdirSync(dirname(this.file), { recursive: true });
        appendFileSync(this.file, Buffer.concat(chunks.splice(0)));
      }
      this.missSeconds += (performance.now() - started) / 1000;
    }
    return texts.map((t) => this.memory.get(t)!.slice());
  }
}

export function toDefinitions(rows: Row[]): IntentDefinition[] {
  const byLabel = new Map<string, string[]>();
  for (const row of rows) {
    const list = byLabel.get(row.label) ?? [];
    list.push(row.text);
    byLabel.set(row.label, list);
  }
  // 'none' is the recognizer's reserved answer; a data set label of that name is renamed.
  return [...byLabel].map(([name, utterances]) => ({
    name: name === NONE_INTENT ? `${name}_` : name,
    utterances,
  }));
}

/** One scored test row. `rejected`: the recognizer answered 'none' (whatever the scoring mode). */
export interface Outcome {
  gold: string;
  predicted: string;
  rejected: boolean;
}

/**
 * `oosLabel` set: open-set (the answer 'none' means oos); unset: closed-set, the top-ranked
 * intent counts. `prefix` keeps classes of different tasks apart when outcomes are pooled.
 */
export function toOutcomes(
  rows: Row[],
  results: IntentRecognition[],
  oosLabel: string | undefined,
  prefix = '',
): Outcome[] {
  const rename = (label: string) => prefix + (label === NONE_INTENT ? `${label}_` : label);
  return rows.map((row, i) => {
    const r = results[i];
    const predicted =
      oosLabel === undefined
        ? (r.ranking[0]?.intent ?? NONE_INTENT)
        : r.intent === NONE_INTENT
          ? oosLabel
          : r.intent;
    return {
      gold: row.label === oosLabel ? prefix + row.label : rename(row.label),
      predicted: predicted === oosLabel ? prefix + predicted : rename(predicted),
      rejected: r.intent === NONE_INTENT,
    };
  });
}

export function score(outcomes: Outcome[], oosLabel: string | undefined, prefixes: string[] = ['']): Metrics {
  const isOos = (label: string) => oosLabel !== undefined && prefixes.some((p) => label === p + oosLabel);
  const n = outcomes.length;
  let correct = 0;
  let inScope = 0;
  let inScopeCorrect = 0;
  let oos = 0;
  let oosCaught = 0;
  let predictedOos = 0;
  const tp = new Map<string, number>();
  const fp = new Map<string, number>();
  const fn = new Map<string, number>();
  const confusions = new Map<string, number>();
  const inc = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  for (const { gold: g, predicted: p } of outcomes) {
    if (g === p) {
      correct++;
      inc(tp, g);
    } else {
      inc(fp, p);
      inc(fn, g);
      inc(confusions, `${g}\u0000${p}`);
    }
    if (isOos(g)) {
      oos++;
      if (isOos(p)) oosCaught++;
    } else {
      inScope++;
      if (g === p) inScopeCorrect++;
    }
    if (isOos(p)) predictedOos++;
  }
  const classes = [...new Set(outcomes.map((o) => o.gold))];
  const f1s = classes.map((c) => {
    const t = tp.get(c) ?? 0;
    const denom = 2 * t + (fp.get(c) ?? 0) + (fn.get(c) ?? 0);
    return denom === 0 ? 0 : (2 * t) / denom;
  });
  const confusedPairs = [...confusions]
    .map(([key, count]) => {
      const [gold, predicted] = key.split('\u0000');
      return { gold, predicted, count };
    })
    .sort((a, b) => b.count - a.count || (a.gold + a.predicted < b.gold + b.predicted ? -1 : 1))
    .slice(0, 10);
  return {
    rows: n,
    accuracy: correct / n,
    macroF1: f1s.reduce((sum, f) => sum + f, 0) / Math.max(1, f1s.length),
    inScopeAccuracy: inScope ? inScopeCorrect / inScope : NaN,
    oosRecall: oosLabel !== undefined && oos > 0 ? oosCaught / oos : null,
    oosPrecision: oosLabel !== undefined && predictedOos > 0 ? oosCaught / predictedOos : null,
    rejectRate: outcomes.filter((o) => o.rejected).length / Math.max(1, n),
    confusedPairs,
  };
}

async function recognizeAll(recognizer: IntentRecognizer, texts: string[]): Promise<IntentRecognition[]> {
  const out: IntentRecognition[] = [];
  for (let i = 0; i < texts.length; i += 256)
    out.push(...(await recognizer.recognizeMany(texts.slice(i, i + 256))));
  return out;
}

/** Sequential single calls: what one chat message costs. */
async function latency(
  recognizer: IntentRecognizer,
  texts: string[],
): Promise<{ perSecond: number; p50Ms: number; p99Ms: number; samplesMs: number[] }> {
  const samples: number[] = [];
  const started = performance.now();
  for (const text of texts) {
    const t = performance.now();
    await recognizer.recognize(text);
    samples.push(performance.now() - t);
  }
  const total = (performance.now() - started) / 1000;
  return {
    perSecond: texts.length / total,
    p50Ms: percentile(samples, 50),
    p99Ms: percentile(samples, 99),
    samplesMs: samples,
  };
}

/** Every n-th row, so latency samples span the test set deterministically. */
function spread<T>(items: T[], count: number): T[] {
  if (count >= items.length) return items;
  const step = items.length / count;
  return Array.from({ length: count }, (_, i) => items[Math.floor(i * step)]);
}

interface TaskSpec {
  name: string;
  train: string;
  test: string;
}

interface Speed {
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

export interface TaskResult extends Metrics, Speed {
  task: string;
  intents: number;
  trainRows: number;
  /** Wall-clock seconds of IntentRecognizer.train, every embedding already cached. */
  trainSeconds: number;
  /** CPU seconds of the same (steadier than wall time on a shared machine). */
  trainCpuSeconds: number;
  /** Seconds the real embedder spent on this task's texts (0 when all were cached). */
  embedSeconds: number;
  /** With --cold-train: wall and CPU seconds of IntentRecognizer.train from raw text (a fresh embedder). */
  coldTrainSeconds?: number;
  coldTrainCpuSeconds?: number;
  reloadSeconds: number;
  modelBytes: number;
  calibration: IntentRecognizer['calibration'];
  /** The weights and threshold that served. */
  active: MixCalibration;
  baseline?: Metrics & Speed & { trainSeconds: number };
  /** Open-set only: the test metrics at every calibrated in-scope recall target. */
  sweep?: SweepRow[];
}

interface SweepRow {
  targetRecall: number;
  threshold: number;
  inScopeAccuracy: number;
  oosRecall: number | null;
  oosPrecision: number | null;
}

interface TaskRun {
  result: TaskResult;
  outcomes: Outcome[];
  latencyMs: number[];
  baseline?: { outcomes: Outcome[]; latencyMs: number[] };
}

interface Embedders {
  cached: CachedEmbedder;
  real: IntentEmbedder;
  /** A new embedder with the real one's settings and an empty cache (for --cold-train). */
  fresh: () => Promise<IntentEmbedder & { dispose(): Promise<void> }>;
}

/** IntentRecognizer.train from raw text: every utterance goes through a fresh embedder. */
async function coldTrain(
  definitions: IntentDefinition[],
  options: IntentRecognizerOptions,
  embedders: Embedders,
): Promise<{ coldTrainSeconds: number; coldTrainCpuSeconds: number }> {
  const embedder = await embedders.fresh();
  try {
    const started = performance.now();
    const cpuStart = cpuSeconds();
    await IntentRecognizer.train(definitions, { ...options, embedder });
    return {
      coldTrainSeconds: (performance.now() - started) / 1000,
      coldTrainCpuSeconds: cpuSeconds() - cpuStart,
    };
  } finally {
    await embedder.dispose();
  }
}

const cpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

async function runTask(spec: TaskSpec, flags: Flags, embedders: Embedders | undefined): Promise<TaskRun> {
  const oosLabel = optionalFlag(flags, 'oos-label');
  const trainOos = flags['train-oos'] === true;
  const trainRows = readJsonLines<Row>(spec.train).filter((r) => trainOos || r.label !== oosLabel);
  const testRows = readJsonLines<Row>(spec.test);
  const definitions = toDefinitions(trainRows);
  const options: IntentRecognizerOptions = {
    targetRecall:
      optionalFlag(flags, 'target-recall') === undefined
        ? undefined
        : Number(optionalFlag(flags, 'target-recall')),
    margin: Number(optionalFlag(flags, 'margin') ?? 0),
    weights: parseWeights(optionalFlag(flags, 'weights')),
  };
  const samples = spread(
    testRows.map((r) => r.text),
    Number(optionalFlag(flags, 'latency-samples') ?? 300),
  );
  const prefix = `${spec.name}:`;

  let embedSeconds = 0;
  if (embedders) {
    // Embed up front so trainSeconds measures the fit, not model calls. The recognizer embeds
    // sanitized text, so that is what gets cached.
    const before = embedders.cached.missSeconds;
    await embedders.cached.embed(trainRows.map((r) => sanitizeText(r.text)));
    await embedders.cached.embed(testRows.map((r) => sanitizeText(r.text)));
    embedSeconds = embedders.cached.missSeconds - before;
  }
  const started = performance.now();
  const cpuStart = cpuSeconds();
  const recognizer = await IntentRecognizer.train(definitions, { ...options, embedder: embedders?.cached });
  const trainCpuSeconds = cpuSeconds() - cpuStart;
  const trainSeconds = (performance.now() - started) / 1000;
  const cold =
    flags['cold-train'] === true && embedders ? await coldTrain(definitions, options, embedders) : {};
  const recognitions = await recognizeAll(
    recognizer,
    testRows.map((r) => r.text),
  );
  const outcomes = toOutcomes(testRows, recognitions, oosLabel, prefix);
  // The same rankings re-decided at each calibrated in-scope recall target.
  const sweep =
    oosLabel === undefined
      ? undefined
      : Object.entries(recognizer.activeCalibration.thresholdByRecall).map(
          ([recall, threshold]): SweepRow => {
            const decided = recognitions.map((r): IntentRecognition => {
              const accept = r.ranking.length > 0 && r.ranking[0].score >= threshold;
              return accept
                ? { ...r, intent: r.ranking[0].intent, reason: 'ok' }
                : { ...r, intent: NONE_INTENT, reason: 'below_threshold' };
            });
            const m = score(toOutcomes(testRows, decided, oosLabel, prefix), oosLabel, [prefix]);
            return {
              targetRecall: Number(recall),
              threshold,
              inScopeAccuracy: m.inScopeAccuracy,
              oosRecall: m.oosRecall,
              oosPrecision: m.oosPrecision,
            };
          },
        );

  // Reload from JSON with the real embedder: checks the round trip and measures honest latency.
  const json = JSON.stringify(recognizer.toJSON());
  const reloadStart = performance.now();
  const served = IntentRecognizer.fromJSON(JSON.parse(json), { embedder: embedders?.real });
  const reloadSeconds = (performance.now() - reloadStart) / 1000;
  const { samplesMs, ...speed } = await latency(served, samples);

  const run: TaskRun = {
    result: {
      task: spec.name,
      intents: definitions.length,
      trainRows: trainRows.length,
      ...score(outcomes, oosLabel, [prefix]),
      trainSeconds,
      trainCpuSeconds,
      embedSeconds,
      ...cold,
      ...speed,
      reloadSeconds,
      modelBytes: json.length,
      calibration: recognizer.calibration,
      active: recognizer.activeCalibration,
      sweep,
    },
    outcomes,
    latencyMs: samplesMs,
  };
  if (flags.baseline === true) {
    const t = performance.now();
    const plain = await IntentRecognizer.train(definitions, { ...options, lexical: false });
    const baseTrain = (performance.now() - t) / 1000;
    const baseOutcomes = toOutcomes(
      testRows,
      await recognizeAll(
        plain,
        testRows.map((r) => r.text),
      ),
      oosLabel,
      prefix,
    );
    const { samplesMs: baseSamples, ...baseSpeed } = await latency(plain, samples);
    run.result.baseline = {
      ...score(baseOutcomes, oosLabel, [prefix]),
      trainSeconds: baseTrain,
      ...baseSpeed,
    };
    run.baseline = { outcomes: baseOutcomes, latencyMs: baseSamples };
  }
  return run;
}

/** `embedding=1,lexical=0` → fixed mixing weights (an ablation); omitted → chosen at training. */
function parseWeights(spec: string | undefined): IntentRecognizerOptions['weights'] {
  if (!spec) return undefined;
  const weights: Record<string, number> = {};
  for (const part of spec.split(',')) {
    const [name, value] = part.split('=');
    if (!['embedding', 'lexical', 'nlpjs'].includes(name) || !(Number(value) >= 0)) {
      throw new Error(`--weights: expected name=value with embedding|lexical|nlpjs, got "${part}"`);
    }
    weights[name] = Number(value);
  }
  return weights;
}

function taskName(trainPath: string): string {
  return `${basename(dirname(resolve(trainPath)))}/${basename(trainPath, '.jsonl')}`;
}

/** Several tasks: micro over every test row pooled (classes kept apart per task). */
function pooled(
  runs: TaskRun[],
  oosLabel: string | undefined,
  pick: (run: TaskRun) => { outcomes: Outcome[]; latencyMs: number[] } | undefined,
) {
  const parts = runs
    .map(pick)
    .filter((p): p is { outcomes: Outcome[]; latencyMs: number[] } => p !== undefined);
  const outcomes = parts.flatMap((p) => p.outcomes);
  const latencyMs = parts.flatMap((p) => p.latencyMs);
  const metrics = score(
    outcomes,
    oosLabel,
    runs.map((r) => `${r.result.task}:`),
  );
  const totalSeconds = latencyMs.reduce((s, x) => s + x, 0) / 1000;
  return {
    ...metrics,
    // Every row gets exactly one label, so micro-F1 equals pooled accuracy.
    microF1: metrics.accuracy,
    meanTaskMacroF1:
      parts.reduce((sum, p, i) => sum + score(p.outcomes, oosLabel, [`${runs[i].result.task}:`]).macroF1, 0) /
      Math.max(1, parts.length),
    perSecond: latencyMs.length / totalSeconds,
    p50Ms: percentile(latencyMs, 50),
    p99Ms: percentile(latencyMs, 99),
  };
}

const describeMix = (weights: MixCalibration['weights']) =>
  Object.entries(weights)
    .filter(([, w]) => (w ?? 0) > 0)
    .map(([name, w]) => `${name} ${(w ?? 0).toFixed(2)}`)
    .join(' + ');
const pct = (v: number | null | undefined) =>
  v === null || v === undefined || Number.isNaN(v) ? '–' : `${(100 * v).toFixed(2)} %`;
const num = (v: number | undefined, digits = 2) => (v === undefined ? '–' : v.toFixed(digits));
const ratio = (a: number | undefined, b: number | undefined) =>
  a === undefined || b === undefined || b === 0 ? '' : ` (${(a / b).toFixed(2)}×)`;

function printTable(results: TaskResult[], openSet: boolean): void {
  const headers = [
    'task',
    'model',
    'accuracy',
    'macro-F1',
    'in-scope acc',
    'OOS recall',
    'OOS precision',
    'reject rate',
    'train s (cpu s)',
    'per s',
    'p50 ms',
    'p99 ms',
  ];
  const rows: (string | number)[][] = [];
  const open = (v: number | null) => (openSet ? pct(v) : '–');
  for (const r of results) {
    const b = r.baseline;
    rows.push([
      r.task,
      describeMix(r.active.weights),
      pct(r.accuracy) + (b ? ratio(r.accuracy, b.accuracy) : ''),
      pct(r.macroF1),
      pct(r.inScopeAccuracy),
      open(r.oosRecall),
      open(r.oosPrecision),
      pct(r.rejectRate),
      `${num(r.trainSeconds)} (${num(r.trainCpuSeconds)})`,
      num(r.perSecond, 0) + ratio(r.perSecond, b?.perSecond),
      num(r.p50Ms) + ratio(r.p50Ms, b?.p50Ms),
      num(r.p99Ms),
    ]);
    if (b) {
      rows.push([
        r.task,
        'baseline: nlp.js',
        pct(b.accuracy),
        pct(b.macroF1),
        pct(b.inScopeAccuracy),
        open(b.oosRecall),
        open(b.oosPrecision),
        pct(b.rejectRate),
        num(b.trainSeconds),
        num(b.perSecond, 0),
        num(b.p50Ms),
        num(b.p99Ms),
      ]);
    }
  }
  console.log(markdownTable(headers, rows));
  for (const r of results) {
    console.log(
      `\n${r.task}: ${r.intents} intents, ${r.trainRows} training rows; calibration on ${r.calibration.heldOut} held-out rows: ` +
        `threshold ${r.active.threshold.toFixed(3)}, held-out accuracy ${pct(r.active.heldOutAccuracy)}; ` +
        `embedding ${num(r.embedSeconds)} s (0 when cached); reload ${num(r.reloadSeconds, 3)} s, model ${(r.modelBytes / 1e6).toFixed(2)} MB` +
        (r.coldTrainSeconds === undefined
          ? ''
          : `; training from raw text (embeddings included) ${num(r.coldTrainSeconds)} s (${num(r.coldTrainCpuSeconds)} s CPU)`),
    );
    console.log(
      markdownTable(
        ['gold', 'predicted', 'count'],
        r.confusedPairs.map((c) => [c.gold, c.predicted, c.count]),
      ),
    );
    if (r.sweep) {
      console.log(
        `\n${r.task}: test metrics at each in-scope recall target calibrated on held-out training rows`,
      );
      console.log(
        markdownTable(
          ['target recall', 'threshold', 'in-scope acc', 'OOS recall', 'OOS precision'],
          r.sweep.map((w) => [
            w.targetRecall,
            w.threshold.toFixed(3),
            pct(w.inScopeAccuracy),
            pct(w.oosRecall),
            pct(w.oosPrecision),
          ]),
        ),
      );
    }
  }
}

async function main(): Promise<void> {
  const flags = parseFlags();
  const trains = requireFlag(flags, 'train', USAGE).split(',');
  const tests = requireFlag(flags, 'test', USAGE).split(',');
  if (trains.length !== tests.length) {
    console.error(`--train and --test need the same number of files\nusage: ${USAGE}`);
    process.exit(2);
  }
  let embedders: Embedders | undefined;
  if (flags['no-embeddings'] !== true) {
    const model = optionalFlag(flags, 'model');
    const create = () =>
      createTransformersEmbedder({ ...(model ? { model } : {}), quantized: flags.quantized === true });
    const real = await create();
    embedders = { real, cached: CachedEmbedder.open(real, optionalFlag(flags, 'cache-dir')), fresh: create };
  }
  const runs: TaskRun[] = [];
  for (let i = 0; i < trains.length; i++) {
    runs.push(
      await runTask({ name: taskName(trains[i]), train: trains[i], test: tests[i] }, flags, embedders),
    );
  }
  const oosLabel = optionalFlag(flags, 'oos-label');
  const results = runs.map((r) => r.result);
  printTable(results, oosLabel !== undefined);

  if (runs.length === 1) {
    writeJsonResult(flags, { ...results[0], openSet: oosLabel !== undefined });
    return;
  }
  const overall = pooled(runs, oosLabel, (r) => r);
  const overallBaseline = flags.baseline === true ? pooled(runs, oosLabel, (r) => r.baseline) : undefined;
  console.log(
    "\noverall: micro over all test rows pooled (micro-F1 = pooled accuracy); macro-F1 over every task's classes",
  );
  const line = (name: string, m: typeof overall) => [
    name,
    m.rows,
    pct(m.accuracy),
    pct(m.microF1),
    pct(m.macroF1),
    pct(m.meanTaskMacroF1),
    pct(m.inScopeAccuracy),
    num(m.perSecond, 0),
    num(m.p50Ms),
    num(m.p99Ms),
  ];
  console.log(
    markdownTable(
      [
        'model',
        'rows',
        'accuracy',
        'micro-F1',
        'macro-F1',
        'mean task macro-F1',
        'in-scope acc',
        'per s',
        'p50 ms',
        'p99 ms',
      ],
      [line('recognizer', overall), ...(overallBaseline ? [line('baseline: nlp.js', overallBaseline)] : [])],
    ),
  );
  writeJsonResult(flags, {
    ...overall,
    trainSeconds: results.reduce((s, r) => s + r.trainSeconds, 0),
    openSet: oosLabel !== undefined,
    baseline: overallBaseline,
    tasks: results,
  });
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
