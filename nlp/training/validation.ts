/**
 * The validation report shown before a model goes live: stratified k-fold cross-validated accuracy,
 * per-intent precision / recall / F1, the pairs of intents most often confused, utterances that look
 * mislabelled (confidently classified as another intent when held out) and duplicates across
 * intents. Pure apart from the trainer it is given, and deterministic for a given seed.
 *
 * Accuracy here is "the top-ranked intent is the labelled one" (the out-of-scope threshold is not
 * applied: every held-out utterance is in scope, and the threshold is calibrated separately).
 * The examples of what is out of scope (the 'none' intent's) are not an intent: every fold trains
 * on all of them, none is scored, and the counts leave them out; they still take part in the
 * duplicate check, since an utterance both out of scope and in an intent is a contradiction.
 */
import {
  IntentRecognizer,
  NONE_INTENT,
  createRng,
  sanitizeText,
  shuffleInPlace,
  type IntentDefinition,
  type IntentRecognizerOptions,
  type IntentScore,
} from '../intents';

/** A classifier trained on one fold: the ranking (best first) for each text. */
export interface FoldClassifier {
  rank(texts: string[]): Promise<IntentScore[][]>;
}

/** Trains a classifier on a fold's training part. */
/**
 * Trains a classifier on one fold's training part. `corpusUtterances`: the usable utterances of the
 * whole corpus (a fold sees fewer), for choices the served model makes on the corpus size.
 */
export type FoldTrainer = (
  definitions: IntentDefinition[],
  fold: number,
  corpusUtterances: number,
) => Promise<FoldClassifier>;

export interface ValidationOptions {
  /** Number of folds (default 5; fewer when the largest intent has fewer utterances). */
  folds?: number;
  /** Seed of the fold assignment (default 1). */
  seed?: number;
  /** A held-out utterance classified as another intent with at least this score looks mislabelled (default 0.5). */
  mislabelConfidence?: number;
  /** Token-set Jaccard similarity from which two normalized utterances count as near duplicates (default 0.8). */
  nearDuplicateSimilarity?: number;
  /** Confusable pairs listed (default 10). */
  maxPairs?: number;
  /** Examples per confusable pair (default 3). */
  maxExamples?: number;
  /** Mislabel suspects listed (default 50). */
  maxSuspects?: number;
  /** Duplicates listed (default 100). */
  maxDuplicates?: number;
  /** Default: `recognizerTrainer()` (IntentRecognizer without a calibration slice). */
  trainer?: FoldTrainer;
}

export interface IntentMetrics {
  intent: string;
  /** Held-out utterances labelled with this intent. */
  support: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface ConfusionExample {
  text: string;
  labelled: string;
  predicted: string;
}

/** Two intents confused with each other under cross-validation (either direction). */
export interface ConfusablePair {
  a: string;
  b: string;
  /** aAsB + bAsA. */
  count: number;
  /** Utterances labelled `a` ranked `b` first. */
  aAsB: number;
  bAsA: number;
  examples: ConfusionExample[];
}

export interface MislabelSuspect {
  text: string;
  labelled: string;
  predicted: string;
  /** Score of the predicted intent. */
  score: number;
  /** Score the labelled intent got. */
  labelledScore: number;
}

export interface DuplicatePair {
  kind: 'exact' | 'near';
  /** 1 for exact duplicates; token-set Jaccard similarity for near ones. */
  similarity: number;
  /** The normalized text (of `a` for near duplicates). */
  normalized: string;
  a: { intent: string; text: string };
  b: { intent: string; text: string };
}

export interface ValidationReport {
  format: 'parley-validation-report';
  version: 1;
  folds: number;
  seed: number;
  intents: number;
  utterances: number;
  /** Utterances that were held out and scored (intents with one utterance are never held out). */
  evaluated: number;
  /** Cross-validated accuracy in 0..1 (0 when nothing could be evaluated). */
  accuracy: number;
  /** Mean F1 over the intents that had held-out utterances. */
  macroF1: number;
  perIntent: IntentMetrics[];
  confusablePairs: ConfusablePair[];
  suspectedMislabels: MislabelSuspect[];
  duplicates: DuplicatePair[];
  /** Intents that could not be cross-validated (one usable utterance). */
  notEvaluated: string[];
}

/** The default fold trainer: the production recognizer with the given options, no calibration slice. */
export function recognizerTrainer(options: IntentRecognizerOptions = {}): FoldTrainer {
  return async (definitions, _fold, corpusUtterances) => {
    // The whole corpus decides whether nlp.js is trained, as for the served model: folds of a corpus
    // just past the cut-off fall below it and would otherwise validate another mix than the one served.
    // holdoutFraction 0: no probe model (calibration does not change the ranking).
    const recognizer = await IntentRecognizer.train(definitions, {
      ...options,
      corpusUtterances,
      holdoutFraction: 0,
    });
    return {
      rank: async (texts) => (await recognizer.recognizeMany(texts)).map((r) => r.ranking),
    };
  };
}

interface Item {
  intent: number;
  text: string;
}

/**
 * Fold of each utterance, stratified: each intent's utterances, in an order shuffled by a generator
 * seeded with the seed and the intent's name, are dealt round-robin from an offset drawn the same
 * way. An intent's folds therefore depend only on its own utterances: retraining after editing one
 * intent keeps every other intent's folds, so two reports differ by the edit, not by a new deal.
 * An intent with one utterance is never held out (fold -1).
 */
export function assignFolds(
  labels: readonly number[],
  names: readonly string[],
  folds: number,
  seed: number,
): number[] {
  const byClass: number[][] = names.map(() => []);
  labels.forEach((label, i) => byClass[label].push(i));
  const out = new Array<number>(labels.length).fill(-1);
  byClass.forEach((members, k) => {
    if (members.length < 2) return;
    const rng = createRng((seed ^ fnv1a(names[k])) >>> 0);
    shuffleInPlace(members, rng);
    const offset = Math.floor(rng() * folds);
    members.forEach((i, j) => (out[i] = (offset + j) % folds));
  });
  return out;
}

/** 32-bit FNV-1a hash of a string. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Lower case, accents and punctuation removed, whitespace collapsed. */
export function normalizeUtterance(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export async function validateIntents(
  definitions: IntentDefinition[],
  options: ValidationOptions = {},
): Promise<ValidationReport> {
  const seed = options.seed ?? 1;
  const usableTexts = (def: IntentDefinition) =>
    (def.utterances ?? []).map((u) => sanitizeText(u)).filter((text) => /[\p{L}\p{N}]/u.test(text));
  const outOfScope = definitions.find((d) => d.name === NONE_INTENT);
  const outOfScopeTexts = outOfScope ? usableTexts(outOfScope) : [];
  const intents = definitions.filter((d) => d !== outOfScope);
  const names = intents.map((d) => d.name);
  const items: Item[] = [];
  intents.forEach((def, k) => {
    for (const text of usableTexts(def)) items.push({ intent: k, text });
  });
  const counts = names.map((_, k) => items.filter((it) => it.intent === k).length);
  const largest = Math.max(0, ...counts);
  const folds = Math.max(2, Math.min(options.folds ?? 5, largest));
  const fold = assignFolds(
    items.map((it) => it.intent),
    names,
    folds,
    seed,
  );
  const trainer = options.trainer ?? recognizerTrainer({ seed });

  // predicted[i]: the ranking of held-out utterance i.
  const rankings: (IntentScore[] | undefined)[] = new Array(items.length);
  for (let f = 0; f < folds; f++) {
    const test = items.map((_, i) => i).filter((i) => fold[i] === f);
    if (test.length === 0) continue;
    const train: IntentDefinition[] = [];
    intents.forEach((def, k) => {
      const utterances = items.filter((it, i) => it.intent === k && fold[i] !== f).map((it) => it.text);
      if (utterances.length > 0)
        train.push({ name: def.name, utterances, ...(def.settings ? { settings: def.settings } : {}) });
    });
    if (outOfScopeTexts.length > 0) train.push({ name: NONE_INTENT, utterances: outOfScopeTexts });
    const classifier = await trainer(train, f, items.length);
    const ranked = await classifier.rank(test.map((i) => items[i].text));
    test.forEach((i, j) => (rankings[i] = ranked[j]));
  }

  const index = new Map(names.map((n, k) => [n, k]));
  const truePositive = new Array<number>(names.length).fill(0);
  const predictedCount = new Array<number>(names.length).fill(0);
  const support = new Array<number>(names.length).fill(0);
  const pairCounts = new Map<string, { aAsB: number; bAsA: number; examples: ConfusionExample[] }>();
  const suspects: MislabelSuspect[] = [];
  const mislabelConfidence = options.mislabelConfidence ?? 0.5;
  const maxExamples = options.maxExamples ?? 3;
  let evaluated = 0;
  let correct = 0;
  items.forEach((item, i) => {
    const ranking = rankings[i];
    if (!ranking) return;
    evaluated++;
    support[item.intent]++;
    const top = ranking[0];
    const predicted = top ? (index.get(top.intent) ?? -1) : -1;
    if (predicted >= 0) predictedCount[predicted]++;
    if (predicted === item.intent) {
      correct++;
      truePositive[item.intent]++;
      return;
    }
    const labelled = names[item.intent];
    const predictedName = top?.intent ?? 'none';
    if (predicted >= 0) {
      const [a, b] = labelled < predictedName ? [labelled, predictedName] : [predictedName, labelled];
      const key = `${a}\u0000${b}`;
      const entry = pairCounts.get(key) ?? { aAsB: 0, bAsA: 0, examples: [] };
      if (labelled === a) entry.aAsB++;
      else entry.bAsA++;
      if (entry.examples.length < maxExamples)
        entry.examples.push({ text: item.text, labelled, predicted: predictedName });
      pairCounts.set(key, entry);
    }
    if (top && top.score >= mislabelConfidence) {
      suspects.push({
        text: item.text,
        labelled,
        predicted: predictedName,
        score: top.score,
        labelledScore: ranking.find((r) => r.intent === labelled)?.score ?? 0,
      });
    }
  });

  const perIntent: IntentMetrics[] = names.map((intent, k) => {
    const precision = predictedCount[k] > 0 ? truePositive[k] / predictedCount[k] : 0;
    const recall = support[k] > 0 ? truePositive[k] / support[k] : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    return { intent, support: support[k], precision, recall, f1 };
  });
  const scored = perIntent.filter((m) => m.support > 0);
  const confusablePairs: ConfusablePair[] = [...pairCounts.entries()]
    .map(([key, v]) => {
      const [a, b] = key.split('\u0000');
      return { a, b, count: v.aAsB + v.bAsA, aAsB: v.aAsB, bAsA: v.bAsA, examples: v.examples };
    })
    .sort((x, y) => y.count - x.count || cmp(x.a, y.a) || cmp(x.b, y.b))
    .slice(0, options.maxPairs ?? 10);

  return {
    format: 'parley-validation-report',
    version: 1,
    folds,
    seed,
    intents: names.length,
    utterances: items.length,
    evaluated,
    accuracy: evaluated > 0 ? correct / evaluated : 0,
    macroF1: scored.length > 0 ? scored.reduce((s, m) => s + m.f1, 0) / scored.length : 0,
    perIntent,
    confusablePairs,
    suspectedMislabels: suspects
      .sort((x, y) => y.score - x.score || cmp(x.text, y.text))
      .slice(0, options.maxSuspects ?? 50),
    duplicates: findDuplicates(
      [
        ...items.map((it) => ({ intent: names[it.intent], text: it.text })),
        ...outOfScopeTexts.map((text) => ({ intent: NONE_INTENT, text })),
      ],
      options.nearDuplicateSimilarity ?? 0.8,
    ).slice(0, options.maxDuplicates ?? 100),
    notEvaluated: names.filter((_, k) => counts[k] < 2),
  };
}

/**
 * Pairs of utterances of different intents whose normalized texts are equal (exact) or whose token
 * sets have a Jaccard similarity of at least `minSimilarity` (near). Candidates come from an inverted
 * index on tokens, so unrelated pairs are never compared. Exact first, then by similarity.
 */
export function findDuplicates(
  utterances: readonly { intent: string; text: string }[],
  minSimilarity: number,
): DuplicatePair[] {
  const normalized = utterances.map((u) => normalizeUtterance(u.text));
  const tokens = normalized.map((n) => [...new Set(n.split(' ').filter(Boolean))]);
  const postings = new Map<string, number[]>();
  tokens.forEach((set, i) => {
    for (const t of set) {
      const list = postings.get(t);
      if (list) list.push(i);
      else postings.set(t, [i]);
    }
  });
  const out: DuplicatePair[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < utterances.length; i++) {
    const shared = new Map<number, number>();
    for (const t of tokens[i])
      for (const j of postings.get(t)!) if (j > i) shared.set(j, (shared.get(j) ?? 0) + 1);
    for (const [j, overlap] of shared) {
      if (utterances[i].intent === utterances[j].intent) continue;
      const exact = normalized[i] === normalized[j];
      const similarity = exact ? 1 : overlap / (tokens[i].length + tokens[j].length - overlap);
      if (!exact && similarity < minSimilarity) continue;
      const key = `${utterances[i].intent}\u0000${utterances[j].intent}\u0000${normalized[i]}\u0000${normalized[j]}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({
        kind: exact ? 'exact' : 'near',
        similarity,
        normalized: normalized[i],
        a: { intent: utterances[i].intent, text: utterances[i].text },
        b: { intent: utterances[j].intent, text: utterances[j].text },
      });
    }
  }
  return out.sort(
    (x, y) =>
      (x.kind === y.kind ? 0 : x.kind === 'exact' ? -1 : 1) ||
      y.similarity - x.similarity ||
      cmp(x.normalized, y.normalized) ||
      cmp(x.a.intent, y.a.intent),
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
