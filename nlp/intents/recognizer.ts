/**
 * IntentRecognizer: a weighted mix of up to three classifiers (see ensemble.ts) with an
 * out-of-scope threshold calibrated on held-out training utterances.
 *
 * Training:
 * 1. hold out a stratified slice of every intent's utterances and train the classifiers on the rest;
 * 2. on the held-out slice pick the mixing weights (best accuracy, then lowest log-loss) and the
 *    threshold on the top mixed probability that keeps `targetRecall` of those in-scope
 *    utterances — once with the embedding classifier and once without, so a model reloaded
 *    without an embedder still has calibrated settings;
 * 3. train the classifiers again on every utterance: those serve.
 *
 * Out of scope: the utterances of an intent named 'none' (NONE_INTENT) are examples of what the bot
 * does not handle (nlp.js's own convention for its None intent). They train one more class that is
 * never answered: it draws probability away from the intents a message merely resembles ("my tax
 * return" is not a product return), and a message it wins is 'none' with the reason 'out_of_scope'.
 * A message with no word the intents were trained on is out of scope too (see known-words.ts).
 */
import { argmax, chooseWeights, stratifiedHoldout, thresholdForRecall } from './calibration';
import {
  CLASSIFIER_ORDER,
  Ensemble,
  type ClassifierName,
  type EnsembleJson,
  type EnsembleOptions,
} from './ensemble';
import { KnownWords } from './known-words';
import type { LexicalOptions } from './lexical-features';
import type { NlpjsClassifierOptions } from './nlpjs-classifier';
import { createRng } from './random';
import type { SoftmaxRegressionOptions } from './softmax-regression';
import type { SparseSoftmaxOptions } from './sparse-softmax';
import { MAX_INPUT_CHARS, hasWordCharacters, sanitizeText } from './text';
import {
  NONE_INTENT,
  type IntentDefinition,
  type IntentEmbedder,
  type IntentRecognition,
  type IntentScore,
  type RecognitionReason,
} from './types';

export type { ClassifierName } from './ensemble';

export interface IntentRecognizerOptions {
  /** Sentence embedder; omitted, the recognizer runs without the embedding classifier. */
  embedder?: IntentEmbedder;
  /**
   * Train the lexical (n-gram TF-IDF) classifier too. Default: true with an embedder, false
   * without one, so the no-embedder mode is plain nlp.js (fastest).
   */
  lexical?: boolean;
  /**
   * Share of in-scope held-out utterances the calibrated threshold keeps (default 0.98: on a
   * validation split carved out of CLINC150's training data, the highest target that still caught
   * ≥ 75 % of out-of-scope queries; held-out training utterances are easier than live traffic, so
   * a lower target rejects more real in-scope messages than it promises).
   */
  targetRecall?: number;
  /** A fixed global threshold instead of the calibrated one. */
  threshold?: number;
  /** 'none' (ambiguous) when the top two scores are closer than this (default 0: off). */
  margin?: number;
  /** Fixed mixing weights instead of the ones chosen on the held-out slice (normalised to sum 1). */
  weights?: Partial<Record<ClassifierName, number>>;
  /** Share of each intent's utterances held out for calibration (default 0.2). */
  holdoutFraction?: number;
  /** Seed for the hold-out split and the regressions' shuffles (default 1). */
  seed?: number;
  softmax?: SoftmaxRegressionOptions;
  lexicalOptions?: LexicalOptions & SparseSoftmaxOptions;
  nlpjs?: NlpjsClassifierOptions;
  /**
   * With an embedder, nlp.js is trained only below this many utterances (default 5,000; see
   * NLPJS_MAX_UTTERANCES).
   */
  nlpjsMaxUtterances?: number;
  /**
   * The corpus size that cut-off is judged on (default: the utterances trained on). Cross-validation
   * folds pass the whole corpus's, so they train the mix the served model will have.
   */
  corpusUtterances?: number;
  /** Longer inputs are cut to this many characters (default MAX_INPUT_CHARS = 1000). */
  maxInputChars?: number;
}

/** Mixing weights and threshold for one set of classifiers. */
export interface MixCalibration {
  weights: Partial<Record<ClassifierName, number>>;
  threshold: number;
  /**
   * The threshold each in-scope recall target would have given (keys "0.9" … "0.99"), so an admin
   * can trade out-of-scope recall for in-scope recall without retraining (see `withTargetRecall`).
   * Empty when the held-out slice was too small.
   */
  thresholdByRecall: Record<string, number>;
  /** Accuracy of this mix on the held-out slice (null when the slice was too small to calibrate). */
  heldOutAccuracy: number | null;
}

/** What training measured on its held-out slice. */
export interface CalibrationReport {
  heldOut: number;
  /** Used when the model has an embedding classifier and an embedder is attached. */
  withEmbeddings?: MixCalibration;
  /** Used otherwise. */
  withoutEmbeddings: MixCalibration;
}

export interface IntentRecognizerJson {
  format: 'parley-intent-recognizer';
  version: 2;
  intents: { name: string; threshold?: number }[];
  margin: number;
  maxInputChars: number;
  calibration: CalibrationReport;
  embedder?: { modelId: string; dimension: number };
  /** The words of the intents' utterances (absent in models saved before it existed: no check). */
  knownWords?: string[];
  /** The ensemble has one class more than `intents` when out-of-scope examples were trained. */
  ensemble: EnsembleJson;
}

// Below this many held-out utterances, accuracy differences between weightings are noise
// (one utterance moves accuracy by 2 %+): use DEFAULT_WEIGHTS.
const MIN_HELD_OUT_FOR_WEIGHTS = 50;
// On validation slices of Banking77 and CLINC150 the chosen mixes were embedding 0.4–0.5 with
// lexical 0.5–0.6; nlp.js keeps a share because it does relatively well on small corpora.
const DEFAULT_WEIGHTS: Record<ClassifierName, number> = { embedding: 0.4, lexical: 0.4, nlpjs: 0.2 };
// Used when too few held-out utterances exist to estimate the recall quantile.
const DEFAULT_THRESHOLD = 0.3;
const DEFAULT_TARGET_RECALL = 0.98;
// Recall targets whose thresholds are kept in the calibration report.
const RECALL_CURVE = [0.9, 0.93, 0.95, 0.96, 0.97, 0.98, 0.99];
// Fewer held-out utterances than this: nothing is calibrated, no probe models are trained.
const MIN_HELD_OUT = 8;
// From this many training utterances, nlp.js is not trained beside the embedding and lexical
// classifiers: it is by far the slowest to train and adds little there (measured with
// `npm run eval:intents -- --quantized` on Banking77 train/test and CLINC150 train/val `--oos-label oos`,
// trainSeconds with embeddings cached). Banking77 (10,003): weight 0 in the calibrated mix anyway,
// training 43 → 31 s. CLINC150 (15,000): weight 0.2, and without it in-scope accuracy
// 94.43 → 94.20 %, out-of-scope recall 82 → 83 %, training 314 → 75 s. Small corpora (the
// demo's 406, the Braun corpora's 30–100) keep it: there it does relatively well and costs little.
const NLPJS_MAX_UTTERANCES = 5000;

export class IntentRecognizer {
  private constructor(
    private readonly intentNames: string[],
    private readonly overrides: (number | undefined)[],
    private readonly ensemble: Ensemble,
    private readonly embedder: IntentEmbedder | undefined,
    /** 'none' (ambiguous) when the top two scores are closer than this. */
    readonly margin: number,
    private readonly maxInputChars: number,
    readonly calibration: CalibrationReport,
    private readonly knownWords: KnownWords | undefined,
  ) {}

  /** Intent names in training order. */
  get intents(): readonly string[] {
    return this.intentNames;
  }

  /** True when the embedding classifier takes part (an embedder is attached and the model has one). */
  get usesEmbeddings(): boolean {
    return this.embedder !== undefined && this.calibration.withEmbeddings !== undefined;
  }

  /** The weights and threshold in force. */
  get activeCalibration(): MixCalibration {
    return this.usesEmbeddings ? this.calibration.withEmbeddings! : this.calibration.withoutEmbeddings;
  }

  /** The threshold in force for the given intent. */
  thresholdFor(intent: string): number {
    const index = this.intentNames.indexOf(intent);
    const override = index >= 0 ? this.overrides[index] : undefined;
    return override ?? this.activeCalibration.threshold;
  }

  /**
   * A recognizer sharing this one's models whose global threshold is the one calibrated for
   * another in-scope recall target (one of the keys of `thresholdByRecall`, e.g. 0.98).
   * Per-intent overrides stay as they are.
   */
  withTargetRecall(recall: number): IntentRecognizer {
    return this.withGlobalThreshold((mix) => {
      const threshold = mix.thresholdByRecall[String(recall)];
      if (threshold === undefined) {
        throw new RangeError(
          `no threshold calibrated for recall ${recall} (have: ${Object.keys(mix.thresholdByRecall).join(', ') || 'none'})`,
        );
      }
      return threshold;
    });
  }

  /**
   * A recognizer sharing this one's models with a fixed global threshold instead of the calibrated
   * one (an admin's setting). Per-intent overrides stay as they are.
   */
  withThreshold(threshold: number): IntentRecognizer {
    if (!(threshold >= 0 && threshold <= 1)) throw new RangeError('threshold must be within 0..1');
    return this.withGlobalThreshold(() => threshold);
  }

  /** The same models and overrides, with each calibration's global threshold replaced. */
  private withGlobalThreshold(thresholdOf: (mix: MixCalibration) => number): IntentRecognizer {
    const { withEmbeddings, withoutEmbeddings } = this.calibration;
    const retarget = (mix: MixCalibration): MixCalibration => ({ ...mix, threshold: thresholdOf(mix) });
    return new IntentRecognizer(
      this.intentNames,
      this.overrides,
      this.ensemble,
      this.embedder,
      this.margin,
      this.maxInputChars,
      {
        ...this.calibration,
        withEmbeddings: withEmbeddings && retarget(withEmbeddings),
        withoutEmbeddings: retarget(withoutEmbeddings),
      },
      this.knownWords,
    );
  }

  static async train(
    definitions: IntentDefinition[],
    options: IntentRecognizerOptions = {},
  ): Promise<IntentRecognizer> {
    const maxInputChars = options.maxInputChars ?? MAX_INPUT_CHARS;
    const { names, overrides, texts, labels, numClasses } = prepareCorpus(definitions, maxInputChars);
    const embedder = options.embedder;
    const vectors = embedder ? await embedder.embed(texts) : undefined;
    if (vectors && vectors.length !== texts.length)
      throw new Error('the embedder returned the wrong number of vectors');
    const lexical = options.lexical ?? embedder !== undefined;
    const ensembleOptions: EnsembleOptions = {
      nlpjs: options.nlpjs,
      lexical: options.lexicalOptions,
      softmax: options.softmax,
      seed: options.seed,
    };

    const nlpjs = !(
      vectors &&
      lexical &&
      (options.corpusUtterances ?? texts.length) >= (options.nlpjsMaxUtterances ?? NLPJS_MAX_UTTERANCES)
    );

    const split = stratifiedHoldout(
      labels,
      numClasses,
      options.holdoutFraction ?? 0.2,
      createRng(options.seed ?? 1),
    );
    let calibration: CalibrationReport;
    if (split.heldOut.length < MIN_HELD_OUT) {
      calibration = defaultCalibration(split.heldOut.length, vectors !== undefined, lexical, nlpjs, options);
    } else {
      const pick = <T>(items: T[], indices: number[]): T[] => indices.map((i) => items[i]);
      const probe = await Ensemble.train(
        {
          texts: pick(texts, split.train),
          labels: pick(labels, split.train),
          vectors: vectors && pick(vectors, split.train),
          lexical,
          nlpjs,
        },
        numClasses,
        ensembleOptions,
      );
      const scores = [];
      for (const i of split.heldOut) scores.push(await probe.score(texts[i], vectors?.[i]));
      calibration = calibrate(
        scores,
        pick(labels, split.heldOut),
        { all: numClasses, intents: names.length },
        probe.members,
        options,
      );
    }

    // A classifier weighted 0 in every calibrated mix would only cost training time and memory.
    const used = (name: ClassifierName) =>
      [calibration.withEmbeddings, calibration.withoutEmbeddings].some((m) => (m?.weights[name] ?? 0) > 0);
    const ensemble = await Ensemble.train(
      {
        texts,
        labels,
        vectors: used('embedding') ? vectors : undefined,
        lexical: lexical && used('lexical'),
        nlpjs: nlpjs && used('nlpjs'),
      },
      numClasses,
      ensembleOptions,
    );
    return new IntentRecognizer(
      names,
      overrides,
      ensemble,
      embedder,
      options.margin ?? 0,
      maxInputChars,
      calibration,
      KnownWords.build(texts.filter((_, i) => labels[i] < names.length)),
    );
  }

  async recognize(text: string): Promise<IntentRecognition> {
    const [result] = await this.recognizeMany([text]);
    return result;
  }

  /** Recognizes several texts at once (one embedder call for all of them). */
  async recognizeMany(texts: string[]): Promise<IntentRecognition[]> {
    const clean = texts.map((t) => sanitizeText(t, this.maxInputChars));
    const usable = clean.map((t) => t !== '' && hasWordCharacters(t));
    const toEmbed = clean.filter((_, i) => usable[i]);
    const vectors = this.usesEmbeddings && toEmbed.length > 0 ? await this.embedder!.embed(toEmbed) : [];
    const { weights } = this.activeCalibration;
    const results: IntentRecognition[] = [];
    let v = 0;
    for (let i = 0; i < clean.length; i++) {
      if (!usable[i]) {
        results.push({ ranking: [], intent: NONE_INTENT, reason: 'below_threshold' });
        continue;
      }
      const scores = await this.ensemble.score(clean[i], this.usesEmbeddings ? vectors[v++] : undefined);
      const known = this.knownWords?.covers(clean[i]) ?? true;
      results.push(this.decide(mix(scores, weights, this.ensemble.numClasses), known));
    }
    return results;
  }

  /**
   * `scores`: one per intent, then the out-of-scope class's when the model has one (never ranked).
   * `known`: whether the text has a word the intents were trained on (not: out of scope); the ranking
   * is kept either way (an admin's test console shows it).
   */
  private decide(scores: Float64Array, known: boolean): IntentRecognition {
    const outOfScope = scores.length > this.intentNames.length ? scores[this.intentNames.length] : 0;
    const ranking: IntentScore[] = this.intentNames
      .map((intent, k) => ({ intent, score: scores[k] }))
      .sort((a, b) => b.score - a.score || (a.intent < b.intent ? -1 : 1));
    const top = ranking[0];
    const second = ranking[1]?.score ?? 0;
    let reason: RecognitionReason = 'ok';
    // Out of scope is told apart from "unsure": the bot answers the one with its fallback, while an
    // unsure in-scope question may still find its answer elsewhere (the knowledge base).
    if (!known || (outOfScope > 0 && top.score <= outOfScope)) reason = 'out_of_scope';
    else if (top.score === 0 || top.score < this.thresholdFor(top.intent)) reason = 'below_threshold';
    else if (top.score - second < this.margin) reason = 'ambiguous';
    return { ranking, intent: reason === 'ok' ? top.intent : NONE_INTENT, reason };
  }

  toJSON(): IntentRecognizerJson {
    return {
      format: 'parley-intent-recognizer',
      version: 2,
      intents: this.intentNames.map((name, k) =>
        this.overrides[k] === undefined ? { name } : { name, threshold: this.overrides[k] },
      ),
      margin: this.margin,
      maxInputChars: this.maxInputChars,
      calibration: this.calibration,
      embedder:
        this.embedder && this.calibration.withEmbeddings
          ? { modelId: this.embedder.modelId, dimension: this.embedder.dimension }
          : undefined,
      knownWords: this.knownWords?.toJSON(),
      ensemble: this.ensemble.toJSON(),
    };
  }

  /**
   * Rebuilds a trained recognizer without retraining. Without an embedder (or for a model trained
   * without one) it runs its other classifiers with the weights calibrated for that case.
   */
  static fromJSON(json: IntentRecognizerJson, options: { embedder?: IntentEmbedder } = {}): IntentRecognizer {
    if (json?.format !== 'parley-intent-recognizer' || json.version !== 2) {
      throw new Error('not a serialized IntentRecognizer (format/version mismatch)');
    }
    let embedder: IntentEmbedder | undefined;
    if (json.embedder && options.embedder) {
      assertSameModel(json.embedder, options.embedder);
      embedder = options.embedder;
    }
    const ensemble = Ensemble.fromJSON(json.ensemble);
    const extra = ensemble.numClasses - json.intents.length;
    if (extra !== 0 && extra !== 1)
      throw new Error('the model has the wrong number of classes for its intents');
    return new IntentRecognizer(
      json.intents.map((i) => i.name),
      json.intents.map((i) => i.threshold),
      ensemble,
      embedder,
      json.margin,
      json.maxInputChars,
      json.calibration,
      json.knownWords && KnownWords.fromJSON(json.knownWords),
    );
  }
}

/**
 * Texts and labels to train on: each intent's utterances labelled with its index, then the
 * out-of-scope examples (the 'none' intent's) labelled `names.length`. `numClasses` counts both.
 */
function prepareCorpus(
  definitions: IntentDefinition[],
  maxInputChars: number,
): {
  names: string[];
  overrides: (number | undefined)[];
  texts: string[];
  labels: number[];
  numClasses: number;
} {
  if (!Array.isArray(definitions) || definitions.length === 0) throw new Error('no intents to train');
  const names: string[] = [];
  const overrides: (number | undefined)[] = [];
  const texts: string[] = [];
  const labels: number[] = [];
  let outOfScope: string[] | undefined;
  for (const def of definitions) {
    const name = def?.name;
    if (typeof name !== 'string' || name.trim() === '') throw new Error('every intent needs a name');
    if (names.includes(name) || (name === NONE_INTENT && outOfScope))
      throw new Error(`intent "${name}" is defined twice`);
    const threshold = def.settings?.threshold;
    if (threshold !== undefined && !(threshold >= 0 && threshold <= 1)) {
      throw new Error(`intent "${name}": threshold must be within 0..1`);
    }
    const usable = (def.utterances ?? [])
      .map((u) => sanitizeText(u, maxInputChars))
      .filter(hasWordCharacters);
    if (name === NONE_INTENT) {
      // No examples of what is out of scope is a valid state: the thresholds still apply.
      outOfScope = usable;
      continue;
    }
    if (usable.length === 0) throw new Error(`intent "${name}" has no utterances`);
    for (const text of usable) {
      texts.push(text);
      labels.push(names.length);
    }
    names.push(name);
    overrides.push(threshold);
  }
  if (names.length === 0)
    throw new Error(`no intents to train: "${NONE_INTENT}" only holds examples of what is out of scope`);
  for (const text of outOfScope ?? []) {
    texts.push(text);
    labels.push(names.length);
  }
  return { names, overrides, texts, labels, numClasses: names.length + (outOfScope?.length ? 1 : 0) };
}

function mix(
  scores: Partial<Record<ClassifierName, Float64Array>>,
  weights: Partial<Record<ClassifierName, number>>,
  numClasses: number,
): Float64Array {
  const out = new Float64Array(numClasses);
  for (const [name, w] of Object.entries(weights) as [ClassifierName, number][]) {
    const s = scores[name];
    if (!s || !w) continue;
    for (let k = 0; k < numClasses; k++) out[k] += w * s[k];
  }
  return out;
}

function normalised(
  names: ClassifierName[],
  raw: Partial<Record<ClassifierName, number>>,
): Partial<Record<ClassifierName, number>> {
  const total = names.reduce((s, n) => s + Math.max(0, raw[n] ?? 0), 0);
  const out: Partial<Record<ClassifierName, number>> = {};
  for (const n of names) out[n] = total > 0 ? Math.max(0, raw[n] ?? 0) / total : 1 / names.length;
  return out;
}

function defaultCalibration(
  heldOut: number,
  embeddings: boolean,
  lexical: boolean,
  nlpjs: boolean,
  options: IntentRecognizerOptions,
): CalibrationReport {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  // Only the classifiers that are trained share the weight (nlp.js is left out of large corpora).
  const base = CLASSIFIER_ORDER.filter((name) => (name === 'lexical' ? lexical : name === 'nlpjs' && nlpjs));
  const weightsFor = (names: ClassifierName[]) => normalised(names, options.weights ?? DEFAULT_WEIGHTS);
  return {
    heldOut,
    withEmbeddings: embeddings
      ? {
          weights: weightsFor(['embedding', ...base]),
          threshold,
          thresholdByRecall: {},
          heldOutAccuracy: null,
        }
      : undefined,
    withoutEmbeddings: { weights: weightsFor(base), threshold, thresholdByRecall: {}, heldOutAccuracy: null },
  };
}

/**
 * `classes.all` counts the out-of-scope class when there is one (label `classes.intents`): the mix
 * is chosen on every held-out utterance, so one that tells the out-of-scope examples apart wins
 * ties; the threshold is a quantile of the in-scope utterances' top intent scores only.
 */
function calibrate(
  scores: Partial<Record<ClassifierName, Float64Array>>[],
  labels: number[],
  classes: { all: number; intents: number },
  members: ClassifierName[],
  options: IntentRecognizerOptions,
): CalibrationReport {
  const targetRecall = options.targetRecall ?? DEFAULT_TARGET_RECALL;
  const forMembers = (names: ClassifierName[]): MixCalibration => {
    let weights: Partial<Record<ClassifierName, number>>;
    if (options.weights || labels.length < MIN_HELD_OUT_FOR_WEIGHTS) {
      weights = normalised(names, options.weights ?? DEFAULT_WEIGHTS);
    } else {
      const chosen = chooseWeights(
        names.map((n) => scores.map((s) => s[n]!)),
        labels,
      ).weights;
      weights = Object.fromEntries(names.map((n, j) => [n, chosen[j]]));
    }
    const mixed = scores.map((s) => mix(s, weights, classes.all));
    const correct = mixed.filter((p, i) => argmax(p) === labels[i]).length;
    const tops = mixed
      .filter((_, i) => labels[i] < classes.intents)
      .map((p) => Math.max(...p.subarray(0, classes.intents)));
    // A quantile needs at least one utterance below it: with fewer than 1 / (1 − target)
    // held-out utterances the "quantile" would be the minimum, which is noise.
    const estimable = (recall: number) => Math.floor((1 - recall) * tops.length) >= 1;
    const calibrated = estimable(targetRecall) ? thresholdForRecall(tops, targetRecall) : DEFAULT_THRESHOLD;
    const thresholdByRecall = Object.fromEntries(
      RECALL_CURVE.filter(estimable).map((r) => [String(r), thresholdForRecall(tops, r)]),
    );
    return {
      weights,
      threshold: options.threshold ?? calibrated,
      thresholdByRecall,
      heldOutAccuracy: correct / labels.length,
    };
  };
  const withoutNames = members.filter((n) => n !== 'embedding');
  return {
    heldOut: labels.length,
    withEmbeddings: members.includes('embedding') ? forMembers(members) : undefined,
    withoutEmbeddings: forMembers(withoutNames),
  };
}

/** A model's embedding classifier only makes sense with vectors from the same model. */
function assertSameModel(saved: { modelId: string; dimension: number }, embedder: IntentEmbedder): void {
  if (saved.dimension !== embedder.dimension) {
    throw new Error(
      `model was trained on ${saved.dimension}-d embeddings, the embedder gives ${embedder.dimension}-d`,
    );
  }
  // Compare the last path segment: a folder path and a hub id name the same model.
  const base = (id: string) =>
    id
      .replace(/[\\/]+$/, '')
      .split(/[\\/]/)
      .pop() ?? id;
  if (base(saved.modelId) !== base(embedder.modelId)) {
    throw new Error(`model was trained with embeddings from "${saved.modelId}", not "${embedder.modelId}"`);
  }
}
