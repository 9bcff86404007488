/**
 * The learning loop's review: every fallback (a turn record with `fallback`) and every "Not quite"
 * vote on a knowledge answer (with the customer's question) is a review item. Similar items are
 * grouped so an admin handles a topic once: add the phrasings to an intent, or write an FAQ.
 *
 * Grouping (deterministic: same items, same clusters):
 * 1. identical texts (case, spacing and end punctuation aside) are one point, weighted by how often
 *    they came up;
 * 2. every point is a unit vector: its sentence embedding, or — with no embedder, or when embedding
 *    fails — a bag of content-word stems hashed into 2,048 dimensions (so cosine measures word overlap);
 * 3. greedy pass: points in order (most frequent first, then oldest, then alphabetical) join the
 *    cluster whose centroid is most similar when the cosine reaches the threshold, else start one;
 * 4. merge pass (agglomerative, centroid linkage): while two clusters' centroids reach the threshold,
 *    the most similar pair merges (skipped above 400 clusters, where it would be slow);
 * 5. a cluster's label is its most central text (closest to the centroid; then most frequent,
 *    shortest, alphabetical), and when an intent's centroid (mean of its utterances' vectors) is
 *    close enough to the cluster's, that intent is suggested.
 */
import { createHash } from 'node:crypto';
import type { Embedder } from '../nlp';
import type { AnswerFeedback, Intent, TurnRecord } from '../store';

export type ReviewSource = 'fallback' | 'not_helpful';

export interface ReviewExample {
  text: string;
  conversationId: string;
  /** Seq of the customer message; null for a vote whose turn was not recorded. */
  seq: number | null;
  source: ReviewSource;
  /** When it happened (turn createdAt, vote updatedAt). */
  at: string;
}

export interface SuggestedIntent {
  id: string;
  name: string;
  /** Cosine between the cluster's centroid and the intent's. */
  similarity: number;
}

export interface ReviewCluster {
  id: string;
  /** Items in the cluster (repeats included). */
  size: number;
  label: string;
  /** Newest first, at most `maxExamples`. */
  examples: ReviewExample[];
  suggestedIntent?: SuggestedIntent;
}

export interface ReviewResult {
  method: 'embeddings' | 'tokens';
  /** Items grouped (after exclusions). */
  items: number;
  clusters: ReviewCluster[];
}

export interface ClusterOptions {
  embedder?: Pick<Embedder, 'embed'>;
  /** Cosine at which a point joins a cluster (default 0.55 with embeddings, 0.5 with tokens). */
  threshold?: number;
  /** Cosine from which an intent is suggested (default 0.4 with embeddings, 0.35 with tokens). */
  suggestThreshold?: number;
  /** Items considered, newest first (default 2,000). */
  maxItems?: number;
  /** Examples per cluster (default 20). */
  maxExamples?: number;
  /** Leaves out texts (normalized) already handled, e.g. utterances of an intent or FAQ questions. */
  exclude?: (normalizedText: string) => boolean;
  /** Told when embedding failed and token overlap was used instead. */
  onEmbedderError?: (error: unknown) => void;
}

export const EMBEDDING_DEFAULTS = { threshold: 0.55, suggestThreshold: 0.4 };
export const TOKEN_DEFAULTS = { threshold: 0.5, suggestThreshold: 0.35 };
const MERGE_LIMIT = 400;
/** Float32 rounding: 1/√2 · 1/√2 is 0.49999997, which should still reach a threshold of 0.5. */
const EPSILON = 1e-6;
const HASH_DIMENSIONS = 2048;

/** Lower case, one space, no punctuation at the ends: what "the same text" means here. */
export function normalizeText(text: string): string {
  return text
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[\s"'(¿¡]+|[\s.!?,;:"')]+$/g, '');
}

/**
 * Review items of a period: fallback turns, and "Not quite" votes that carry the question. A vote's
 * seq is that of the latest recorded turn in its conversation answered by the voted article.
 */
export function reviewItems(
  turns: readonly TurnRecord[],
  votes: readonly AnswerFeedback[],
  period: { from: string; to: string },
): ReviewExample[] {
  const inPeriod = (at: string) => at >= period.from && at < period.to;
  const items: ReviewExample[] = turns
    .filter((t) => t.fallback && inPeriod(t.createdAt) && t.text.trim())
    .map((t) => ({
      text: t.text,
      conversationId: t.conversationId,
      seq: t.seq,
      source: 'fallback',
      at: t.createdAt,
    }));
  for (const vote of votes) {
    if (vote.helpful || !vote.query?.trim() || !vote.conversationId || !inPeriod(vote.updatedAt)) continue;
    const answered = turns
      .filter(
        (t) =>
          t.conversationId === vote.conversationId &&
          t.articleId === vote.articleId &&
          t.createdAt <= vote.updatedAt,
      )
      .sort((a, b) => a.seq - b.seq)
      .at(-1);
    items.push({
      text: vote.query,
      conversationId: vote.conversationId,
      seq: answered?.seq ?? null,
      source: 'not_helpful',
      at: vote.updatedAt,
    });
  }
  return items;
}

const STOPWORDS = new Set(
  (
    'a an the i me my mine you your we our us he she they them it its this that these those is are was were be ' +
    "been am im i'm to of in on at for and or but if so do does did can could would will should shall may " +
    'might must have has had with from by as about into how what when where why which who whom please hi ' +
    "hello hey there just get got any some there's thanks thank"
  ).split(' '),
);

/** Content-word stems of a text (a light suffix strip, enough for "refunds"/"refunded"/"refund"). */
export function contentStems(text: string): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+(?:'[\p{L}]+)?/gu) ?? [];
  const stems: string[] = [];
  for (const word of words) {
    if (STOPWORDS.has(word)) continue;
    let w = word.replace(/'s$/, '');
    if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
    else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
    else if (w.length > 4 && w.endsWith('es') && /(ch|sh|x|ss)es$/.test(w)) w = w.slice(0, -2);
    else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) w = w.slice(0, -1);
    stems.push(w);
  }
  return stems;
}

/** FNV-1a, 32 bits. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A unit vector of the text's distinct content stems, hashed (zero vector for none). */
export function tokenVector(text: string): Float32Array {
  const v = new Float32Array(HASH_DIMENSIONS);
  for (const stem of new Set(contentStems(text))) v[fnv1a(stem) % HASH_DIMENSIONS] = 1;
  return unit(v);
}

function unit(v: Float32Array): Float32Array {
  let norm = 0;
  for (let i = 0; i < v.length; i++) norm += v[i] * v[i];
  if (norm === 0) return v;
  const scale = 1 / Math.sqrt(norm);
  for (let i = 0; i < v.length; i++) v[i] *= scale;
  return v;
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Unit-length weighted mean. */
function centroid(vectors: readonly Float32Array[], weights: readonly number[]): Float32Array {
  const c = new Float32Array(vectors[0].length);
  vectors.forEach((v, k) => {
    for (let i = 0; i < v.length; i++) c[i] += v[i] * weights[k];
  });
  return unit(c);
}

interface Point {
  key: string;
  items: ReviewExample[];
  firstAt: string;
}

interface Group {
  points: number[];
  centroid: Float32Array;
}

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

export async function clusterReviewItems(
  items: readonly ReviewExample[],
  intents: readonly Pick<Intent, 'id' | 'name' | 'utterances'>[],
  options: ClusterOptions = {},
): Promise<ReviewResult> {
  const maxItems = options.maxItems ?? 2000;
  const kept = [...items]
    .sort((a, b) => b.at.localeCompare(a.at) || a.conversationId.localeCompare(b.conversationId))
    .filter((item) => {
      const key = normalizeText(item.text);
      return key !== '' && !options.exclude?.(key);
    })
    .slice(0, maxItems);

  // 1. identical texts are one point
  const byKey = new Map<string, Point>();
  for (const item of kept) {
    const key = normalizeText(item.text);
    const point = byKey.get(key) ?? { key, items: [], firstAt: item.at };
    byKey.set(key, point);
    point.items.push(item);
    if (item.at < point.firstAt) point.firstAt = item.at;
  }
  const points = [...byKey.values()].sort(
    (a, b) =>
      b.items.length - a.items.length || a.firstAt.localeCompare(b.firstAt) || a.key.localeCompare(b.key),
  );
  const texts = points.map((p) => p.items[p.items.length - 1].text.trim());
  // 50 utterances are plenty for a centroid, and keep the first (uncached) embedding call short.
  const intentTexts = intents.map((intent) => intent.utterances.slice(0, 50));

  // 2. vectors
  let method: ReviewResult['method'] = 'tokens';
  let vectors: Float32Array[] = [];
  let intentVectors: Float32Array[][] = [];
  if (options.embedder && texts.length > 0) {
    try {
      const all = await options.embedder.embed([...texts, ...intentTexts.flat()]);
      vectors = all.slice(0, texts.length);
      let offset = texts.length;
      intentVectors = intentTexts.map((list) => {
        const slice = all.slice(offset, offset + list.length);
        offset += list.length;
        return slice;
      });
      method = 'embeddings';
    } catch (error) {
      options.onEmbedderError?.(error);
    }
  }
  if (method === 'tokens') {
    vectors = texts.map(tokenVector);
    intentVectors = intentTexts.map((list) => list.map(tokenVector));
  }
  const defaults = method === 'embeddings' ? EMBEDDING_DEFAULTS : TOKEN_DEFAULTS;
  const threshold = (options.threshold ?? defaults.threshold) - EPSILON;
  const suggestThreshold = (options.suggestThreshold ?? defaults.suggestThreshold) - EPSILON;
  const weights = points.map((p) => p.items.length);
  const groupCentroid = (members: number[]) =>
    centroid(
      members.map((m) => vectors[m]),
      members.map((m) => weights[m]),
    );

  // 3. greedy pass
  const groups: Group[] = [];
  points.forEach((_point, p) => {
    let best = -1;
    let bestSim = -Infinity;
    groups.forEach((g, k) => {
      const sim = dot(vectors[p], g.centroid);
      if (sim > bestSim) [best, bestSim] = [k, sim];
    });
    if (best >= 0 && bestSim >= threshold) {
      groups[best].points.push(p);
      groups[best].centroid = groupCentroid(groups[best].points);
    } else {
      groups.push({ points: [p], centroid: vectors[p] });
    }
  });

  // 4. merge pass
  if (groups.length <= MERGE_LIMIT) {
    for (;;) {
      let pair: [number, number] | undefined;
      let pairSim = threshold;
      for (let i = 0; i < groups.length; i++)
        for (let j = i + 1; j < groups.length; j++) {
          const sim = dot(groups[i].centroid, groups[j].centroid);
          if (sim >= pairSim && (!pair || sim > pairSim)) [pair, pairSim] = [[i, j], sim];
        }
      if (!pair) break;
      const [i, j] = pair;
      groups[i].points.push(...groups[j].points);
      groups[i].centroid = groupCentroid(groups[i].points);
      groups.splice(j, 1);
    }
  }

  // 5. labels and suggestions
  const intentCentroids = intents.map((intent, k) =>
    intentVectors[k].length
      ? {
          intent,
          centroid: centroid(
            intentVectors[k],
            intentVectors[k].map(() => 1),
          ),
        }
      : null,
  );
  const maxExamples = options.maxExamples ?? 20;
  const clusters = groups.map((g): ReviewCluster => {
    const closeness = (p: number) => dot(vectors[p], g.centroid);
    const central = [...g.points].sort(
      (a, b) =>
        // Within rounding noise is a tie (two points are always equally close to their centroid).
        (Math.abs(closeness(b) - closeness(a)) > EPSILON ? closeness(b) - closeness(a) : 0) ||
        weights[b] - weights[a] ||
        texts[a].length - texts[b].length ||
        texts[a].localeCompare(texts[b]),
    )[0];
    const members = g.points.flatMap((p) => points[p].items);
    let suggestion: SuggestedIntent | undefined;
    for (const candidate of intentCentroids) {
      if (!candidate) continue;
      const similarity = dot(g.centroid, candidate.centroid);
      if (similarity >= suggestThreshold && (!suggestion || similarity > suggestion.similarity))
        suggestion = { id: candidate.intent.id, name: candidate.intent.name, similarity };
    }
    const keys = g.points.map((p) => points[p].key).sort();
    return {
      id: `r-${createHash('sha256').update(keys.join('\n')).digest('hex').slice(0, 12)}`,
      size: members.length,
      label: texts[central],
      examples: members
        .sort((a, b) => b.at.localeCompare(a.at) || a.conversationId.localeCompare(b.conversationId))
        .slice(0, maxExamples),
      ...(suggestion
        ? { suggestedIntent: { ...suggestion, similarity: round4(suggestion.similarity) } }
        : {}),
    };
  });
  clusters.sort((a, b) => b.size - a.size || a.label.localeCompare(b.label));
  return { method, items: kept.length, clusters };
}
