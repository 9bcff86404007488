/**
 * Extractive summaries of knowledge-base articles (markdown) with TextRank.
 */
import { splitMarkdown } from './sentences';
import { contentStems, limit, sanitize } from './text';
import { overlapSimilarity, pageRank, rankOrder, StemIndex, vectorSimilarity } from './textrank';

/** At most this many sentences (the first ones) take part in ranking; keeps the O(n²) graph small. */
export const MAX_ARTICLE_SENTENCES = 400;

export interface ArticleSentence {
  /** Position among the article's sentences (0-based). */
  index: number;
  /** Original sentence text (inline markdown kept, list/quote markers and line wraps removed). */
  text: string;
  /** Markdown-free text; embed this when supplying `vectors`. */
  plain: string;
}

export interface SummarizeArticleOptions {
  /** Character budget for `text` (sentences joined by one space). Default 300. */
  maxChars?: number;
  /** Optional cap on the number of sentences. */
  maxSentences?: number;
  /**
   * Sentence vectors aligned with `splitArticle(markdown)` (same length, same order). When given, the
   * graph uses cosine similarity instead of stemmed word overlap. A length mismatch throws RangeError.
   */
  vectors?: readonly ArrayLike<number>[];
  /** PageRank damping. Default 0.85. */
  damping?: number;
}

export interface ArticleSummarySentence extends ArticleSentence {
  /** TextRank score (scores of all ranked sentences sum to 1). */
  score: number;
}

export interface ArticleSummary {
  /** Chosen sentences in document order. */
  sentences: ArticleSummarySentence[];
  /** The sentences joined by single spaces; never longer than maxChars. */
  text: string;
  /** True when even the best sentence exceeded maxChars and was cut at a word with an ellipsis. */
  truncated: boolean;
}

/** Splits an article into the sentences the summariser ranks (after sanitising and capping the input). */
export function splitArticle(markdown: string): ArticleSentence[] {
  return splitMarkdown(sanitize(markdown))
    .slice(0, MAX_ARTICLE_SENTENCES)
    .map((s, index) => ({ index, text: s.text, plain: s.plain }));
}

/**
 * Top-ranked sentences of a markdown article, returned in document order within `maxChars`.
 * Sentences are taken best first; one that does not fit is skipped and later (shorter) ones may still
 * fit. Sentences without any word (emoji, punctuation) are never chosen. Empty input gives an empty
 * summary.
 */
export function summarizeArticle(markdown: string, options: SummarizeArticleOptions = {}): ArticleSummary {
  options = options ?? {};
  const maxChars = limit(options.maxChars, 300);
  const maxSentences = limit(options.maxSentences, Number.POSITIVE_INFINITY);
  const all = splitArticle(markdown);
  if (options.vectors && options.vectors.length !== all.length) {
    throw new RangeError(
      `vectors: expected ${all.length} (one per splitArticle sentence), got ${options.vectors.length}`,
    );
  }

  const index = new StemIndex();
  const candidates: number[] = [];
  const sets: Int32Array[] = [];
  for (const s of all) {
    const stems = contentStems(s.plain);
    if (stems.length === 0) continue;
    candidates.push(s.index);
    sets.push(index.encode(stems));
  }
  const empty: ArticleSummary = { sentences: [], text: '', truncated: false };
  if (candidates.length === 0 || maxChars === 0 || maxSentences === 0) return empty;

  const weights = options.vectors
    ? vectorSimilarity(candidates.map((i) => options.vectors![i]))
    : overlapSimilarity(sets);
  const { scores } = pageRank(weights, candidates.length, { damping: options.damping });

  const chosen: number[] = [];
  let used = 0;
  for (const k of rankOrder(scores)) {
    if (chosen.length >= maxSentences) break;
    const len = all[candidates[k]].text.length + (chosen.length > 0 ? 1 : 0);
    if (used + len > maxChars) continue;
    chosen.push(k);
    used += len;
  }
  if (chosen.length === 0) {
    const k = rankOrder(scores)[0];
    const s = all[candidates[k]];
    return { sentences: [{ ...s, score: scores[k] }], text: cutToWord(s.text, maxChars), truncated: true };
  }
  chosen.sort((a, b) => a - b);
  const sentences = chosen.map((k) => ({ ...all[candidates[k]], score: scores[k] }));
  return { sentences, text: sentences.map((s) => s.text).join(' '), truncated: false };
}

/** `text` cut to at most `maxChars` characters at a word boundary, ending in "…". */
export function cutToWord(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  if (maxChars <= 1) return '…'.slice(0, maxChars);
  const head = text.slice(0, maxChars - 1);
  const wholeWords = /\s/.test(text[maxChars - 1]);
  const space = head.lastIndexOf(' ');
  return (wholeWords || space <= 0 ? head : head.slice(0, space)).replace(/[\s,;:.!?-]+$/, '') + '…';
}
