/**
 * A learned binary sentiment head: L2-regularised logistic regression over a sentence embedding,
 * optionally with the rule-based analyser's outputs as extra inputs to the same regression.
 *
 * - `features: 'embedding'`: the embedding only.
 * - `features: 'embedding+rules'`: the embedding plus {@link RULE_FEATURE_NAMES}, computed by
 *   {@link analyzeSentiment} from the text. Still one learned model: the rules are features whose
 *   weights are fitted together with the embedding's, not a vote or an after-the-fact blend.
 *
 * Model selection happens on training data only: {@link holdOutSentences} sets whole texts aside
 * (and keeps every word-level sub-span of them out of fitting, for phrase-level corpora such as SST-2
 * whose training rows are the phrases of the training sentences), {@link selectSentimentHead} fits each
 * candidate setting on the rest and keeps the best on the held-out texts, and the caller refits on all.
 * Deterministic: L-BFGS has no randomness and the hold-out takes a seeded generator.
 */
import { analyzeSentiment, DEFAULT_SENTIMENT_OPTIONS } from './analyze';
import { LogisticRegression, type LogisticJson } from './logistic';

export type SentimentHeadFeatures = 'embedding' | 'embedding+rules';
export type BinarySentiment = 'negative' | 'positive';

/** The rule-based inputs of an `embedding+rules` head, in order. */
export const RULE_FEATURE_NAMES = [
  /** The analyser's score in [−1, 1]. */
  'score',
  /** The score before squashing, x = s·√α / √(1 − s²): linear in the summed valences. */
  'rawScore',
  /** 1 when the analyser's binary label is positive. */
  'binaryPositive',
  /** Number of negated sentiment words. */
  'negations',
  /** 1 when a "but" clause reweighted the score. */
  'butClause',
  /** 1 when an intensifier or diminisher modified a word. */
  'modifiers',
] as const;

/** The rule-based analyser's outputs for one text, as numbers (see {@link RULE_FEATURE_NAMES}). */
export function ruleFeatures(text: string): number[] {
  const { score, signals } = analyzeSentiment(text);
  const capped = Math.min(0.9999, Math.abs(score));
  const raw =
    (Math.sign(score) * capped * Math.sqrt(DEFAULT_SENTIMENT_OPTIONS.alpha)) / Math.sqrt(1 - capped ** 2);
  let negations = 0;
  let butClause = 0;
  let modifiers = 0;
  for (const s of signals) {
    if (s.startsWith('negated:')) negations++;
    else if (s === 'but-clause') butClause = 1;
    else if (s === 'intensifier' || s === 'diminisher') modifiers = 1;
  }
  const binaryPositive = score >= DEFAULT_SENTIMENT_OPTIONS.binaryCut ? 1 : 0;
  return [score, raw, binaryPositive, negations, butClause, modifiers];
}

export interface HeadExample {
  /** Sentence embedding of `text`. */
  vector: ArrayLike<number>;
  text: string;
  label: BinarySentiment;
  /** Weight in the loss (default 1). */
  weight?: number;
}

export interface SentimentHeadOptions {
  features: SentimentHeadFeatures;
  /** L2 penalty on the standardised weights. */
  l2: number;
}

export interface SentimentHeadJson {
  kind: 'parley-sentiment-head';
  version: 1;
  features: SentimentHeadFeatures;
  l2: number;
  model: LogisticJson;
}

export class SentimentHead {
  private constructor(
    readonly features: SentimentHeadFeatures,
    readonly l2: number,
    private readonly model: LogisticRegression,
  ) {}

  static train(examples: readonly HeadExample[], options: SentimentHeadOptions): SentimentHead {
    const inputs = examples.map((e) => headInput(e.vector, e.text, options.features));
    const labels = examples.map((e) => (e.label === 'positive' ? 1 : 0));
    const sampleWeights = examples.map((e) => e.weight ?? 1);
    const model = LogisticRegression.train(inputs, labels, { l2: options.l2, sampleWeights });
    return new SentimentHead(options.features, options.l2, model);
  }

  /** Embedding dimension the head expects. */
  get dimension(): number {
    return this.model.dimension - (this.features === 'embedding+rules' ? RULE_FEATURE_NAMES.length : 0);
  }

  /** P(positive) for a text and its embedding. */
  probability(vector: ArrayLike<number>, text: string): number {
    if (vector.length !== this.dimension) {
      throw new RangeError(`expected a ${this.dimension}-d embedding, got ${vector.length}`);
    }
    return this.model.probability(headInput(vector, text, this.features));
  }

  predict(vector: ArrayLike<number>, text: string): BinarySentiment {
    return this.probability(vector, text) >= 0.5 ? 'positive' : 'negative';
  }

  toJSON(): SentimentHeadJson {
    return {
      kind: 'parley-sentiment-head',
      version: 1,
      features: this.features,
      l2: this.l2,
      model: this.model.toJSON(),
    };
  }

  static fromJSON(json: SentimentHeadJson): SentimentHead {
    if (json?.kind !== 'parley-sentiment-head' || json.version !== 1) {
      throw new RangeError('not a serialized sentiment head (version 1)');
    }
    if (json.features !== 'embedding' && json.features !== 'embedding+rules') {
      throw new RangeError(`unknown head features: ${String(json.features)}`);
    }
    return new SentimentHead(json.features, json.l2, LogisticRegression.fromJSON(json.model));
  }
}

function headInput(vector: ArrayLike<number>, text: string, features: SentimentHeadFeatures): number[] {
  const out = Array.from(vector);
  if (features === 'embedding+rules') out.push(...ruleFeatures(text));
  return out;
}

/** Accuracy of a head on labelled examples. */
export function headAccuracy(head: SentimentHead, examples: readonly HeadExample[]): number {
  if (examples.length === 0) return 0;
  let correct = 0;
  for (const e of examples) if (head.predict(e.vector, e.text) === e.label) correct++;
  return correct / examples.length;
}

/**
 * Hold-out for model selection: `count` of the texts that are not a sub-span of another text
 * (whole sentences, in a phrase-level corpus), chosen with `rng`; `blocked` holds every
 * word-level sub-span of them (themselves included), which must stay out of fitting; `sentences` holds
 * all the texts that are not a sub-span of another (normalised with {@link normaliseSpaces}).
 */
export function holdOutSentences(
  texts: readonly string[],
  count: number,
  rng: () => number,
): { heldOut: string[]; blocked: Set<string>; sentences: Set<string> } {
  const normal = [...new Set(texts.map(normaliseSpaces))];
  const known = new Set(normal);
  const contained = new Set<string>();
  for (const text of normal) {
    for (const span of wordSpans(text)) if (span !== text && known.has(span)) contained.add(span);
  }
  const maximal = normal.filter((t) => !contained.has(t));
  const sentences = new Set(maximal);
  for (let i = maximal.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [maximal[i], maximal[j]] = [maximal[j], maximal[i]];
  }
  const heldOut = maximal.slice(0, Math.max(0, Math.min(count, maximal.length)));
  const blocked = new Set<string>();
  for (const text of heldOut) for (const span of wordSpans(text)) blocked.add(span);
  return { heldOut, blocked, sentences };
}

/** Collapses runs of whitespace and trims: the form {@link holdOutSentences} compares texts in. */
export function normaliseSpaces(text: string): string {
  return text.trim().split(/\s+/).join(' ');
}

/** Every contiguous run of words of a text (n·(n+1)/2 of them), joined by single spaces. */
function wordSpans(text: string): string[] {
  const words = text.split(' ');
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    let span = words[i];
    out.push(span);
    for (let j = i + 1; j < words.length; j++) {
      span += ' ' + words[j];
      out.push(span);
    }
  }
  return out;
}

export interface SelectionCandidate {
  l2: number;
  /** Weight of the examples whose text is a whole sentence (not a sub-span of another training text). */
  sentenceWeight: number;
}

export interface SelectionResult extends SelectionCandidate {
  /** Held-out accuracy of every candidate, in the order tried. */
  tried: (SelectionCandidate & { accuracy: number })[];
}

/**
 * Fits one head per candidate on `fit` and returns the candidate with the best accuracy on `validation`
 * (the first one on ties). `isSentence` tells which fitting examples get `sentenceWeight`.
 */
export function selectSentimentHead(
  fit: readonly HeadExample[],
  validation: readonly HeadExample[],
  features: SentimentHeadFeatures,
  candidates: readonly SelectionCandidate[],
  isSentence: (text: string) => boolean,
): SelectionResult {
  if (candidates.length === 0) throw new RangeError('no candidates');
  const tried: SelectionResult['tried'] = [];
  for (const candidate of candidates) {
    const weighted = withSentenceWeight(fit, candidate.sentenceWeight, isSentence);
    const head = SentimentHead.train(weighted, { features, l2: candidate.l2 });
    tried.push({ ...candidate, accuracy: headAccuracy(head, validation) });
  }
  let best = tried[0];
  for (const t of tried) if (t.accuracy > best.accuracy) best = t;
  return { l2: best.l2, sentenceWeight: best.sentenceWeight, tried };
}

/** The examples with `weight` set to `sentenceWeight` for whole sentences and 1 otherwise. */
export function withSentenceWeight(
  examples: readonly HeadExample[],
  sentenceWeight: number,
  isSentence: (text: string) => boolean,
): HeadExample[] {
  return examples.map((e) => ({ ...e, weight: isSentence(e.text) ? sentenceWeight : 1 }));
}
