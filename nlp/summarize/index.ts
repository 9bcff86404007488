/**
 * Extractive summaries with our own TextRank: knowledge-base articles (markdown) and support
 * conversations (speaker-aware), plus ROUGE for evaluating them.
 *
 * The core is synchronous and needs no model: similarity is stemmed word overlap unless sentence
 * vectors are passed (`vectors`, aligned with `splitArticle` / `splitConversation`), or an embedder is
 * passed to the `…WithEmbedder` helpers.
 */
import { splitArticle, summarizeArticle, type ArticleSummary, type SummarizeArticleOptions } from './article';
import {
  splitConversation,
  summarizeConversation,
  type ConversationSummary,
  type ConversationTurn,
  type SummarizeConversationOptions,
} from './conversation';

export {
  summarizeArticle,
  splitArticle,
  cutToWord,
  MAX_ARTICLE_SENTENCES,
  type ArticleSentence,
  type ArticleSummary,
  type ArticleSummarySentence,
  type SummarizeArticleOptions,
} from './article';
export {
  summarizeConversation,
  splitConversation,
  cleanTurnText,
  isFiller,
  formatSummary,
  DEFAULT_WEIGHTS,
  MAX_TURNS,
  MAX_TURN_CHARS,
  type Speaker,
  type ConversationTurn,
  type ConversationSentence,
  type ConversationSummary,
  type ConversationSummarySentence,
  type ConversationWeights,
  type SummarizeConversationOptions,
} from './conversation';
export {
  splitSentences,
  splitMarkdown,
  stripInlineMarkdown,
  type Span,
  type MarkdownSentence,
} from './sentences';
export {
  pageRank,
  rankOrder,
  overlapSimilarity,
  vectorSimilarity,
  StemIndex,
  type PageRankOptions,
  type PageRankResult,
} from './textrank';
export {
  rouge,
  rougeN,
  rougeL,
  rougeTokens,
  lcsLength,
  type RougeScore,
  type RougeScores,
  type RougeOptions,
} from './rouge';
export { sanitize, contentStems, stem, MAX_INPUT_CHARS } from './text';

/** The part of nlp/embeddings' `Embedder` the summariser needs (structural, so any embedder fits). */
export interface SentenceEmbedder {
  embed(texts: string[]): Promise<ArrayLike<number>[]>;
}

/** `summarizeArticle` with cosine similarity of sentence embeddings. */
export async function summarizeArticleWithEmbedder(
  markdown: string,
  embedder: SentenceEmbedder,
  options: Omit<SummarizeArticleOptions, 'vectors'> = {},
): Promise<ArticleSummary> {
  const sentences = splitArticle(markdown);
  if (sentences.length === 0) return summarizeArticle(markdown, options);
  const vectors = await embedder.embed(sentences.map((s) => s.plain));
  return summarizeArticle(markdown, { ...options, vectors });
}

/** `summarizeConversation` with cosine similarity of sentence embeddings (fillers are not embedded). */
export async function summarizeConversationWithEmbedder(
  turns: readonly ConversationTurn[],
  embedder: SentenceEmbedder,
  options: Omit<SummarizeConversationOptions, 'vectors'> = {},
): Promise<ConversationSummary> {
  const sentences = splitConversation(turns);
  const wanted = sentences.filter((s) => !s.filler);
  if (wanted.length === 0) return summarizeConversation(turns, options);
  const embedded = await embedder.embed(wanted.map((s) => s.text));
  const vectors: ArrayLike<number>[] = sentences.map(() => new Float32Array(0));
  wanted.forEach((s, i) => (vectors[s.index] = embedded[i]));
  return summarizeConversation(turns, { ...options, vectors });
}
