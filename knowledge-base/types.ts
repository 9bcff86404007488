/** Public types of the knowledge base. */
import type { ArticleKind, IsoDate, Store } from '../store';
import type { Block } from './markdown';
import type { PassageRole } from './passages';

/** The store ports the knowledge base uses. */
export type KnowledgeStore = Pick<Store, 'articles' | 'passageEmbeddings' | 'answerFeedback'>;

export type SearchMode = 'bm25' | 'embeddings' | 'hybrid';

export interface AnswerSource {
  id: string;
  kind: ArticleKind;
  title: string;
  /** Where the full article or FAQ can be read (with the section's anchor for article passages). */
  link: string;
}

export interface AnswerPassage {
  index: number;
  role: PassageRole;
  headings: string[];
  anchor: string;
  /** Plain text of the whole passage the answer came from. */
  text: string;
}

export interface KbAnswer {
  kind: 'answer';
  /** Id of this answer: what "did this help?" feedback refers to. */
  answerId: string;
  /**
   * The reply: the answer in the chat Markdown subset the widget and Bot Framework channels render
   * (paragraphs, `-`/`1.` lists, **bold**, *italics*, `code`, [label](url) links; see
   * chat-markdown.ts). Built from `rendered`, so every link passed `safeHref`; root-relative links
   * (`/help/…`) are left for the widget to resolve against the Parley origin.
   */
  text: string;
  /**
   * The same answer without markup (lists as "• item" lines, links as their label): for text-only
   * channels, summaries and analytics.
   */
  plainText: string;
  /**
   * The content's Markdown the answer was taken from: the whole FAQ answer or article passage, before
   * condensing (untrusted: show `text`, `rendered` or `html` instead).
   */
  markdown: string;
  /** The answer as a safe block tree. */
  rendered: Block[];
  /** The answer as HTML built by our renderer (whitelisted tags only, every text escaped). */
  html: string;
  /**
   * True when the answer was condensed to its character budget (`answerMaxChars`, `faqMaxChars`,
   * counted on `plainText`): the best whole sentences by TextRank, or the best one cut at a word; also
   * when a passage within its budget ended on a lead-in that points at nothing after it, left out.
   */
  condensed: boolean;
  source: AnswerSource;
  /** Calibrated probability that this is the right answer, 0–1. */
  confidence: number;
  passage: AnswerPassage;
}

export type SuggestionReason = 'empty_query' | 'no_content' | 'low_confidence';

export interface KbTopic {
  id: string;
  kind: ArticleKind;
  title: string;
  link: string;
}

export interface KbSuggestions {
  kind: 'suggestions';
  /** Why no answer: no words in the query, nothing indexed, or confidence below the threshold. */
  reason: SuggestionReason;
  /** The closest topics (at most `maxTopics`, default 3), best first, as quick replies. */
  topics: KbTopic[];
  /** Confidence of the best candidate (0 when there was none). */
  confidence: number;
}

export type KbResult = KbAnswer | KbSuggestions;

export interface SearchHit {
  id: string;
  kind: ArticleKind;
  title: string;
  link: string;
  locale: string;
  /** The score the mode ranks by (fused for hybrid, cosine for embeddings, BM25 for bm25). */
  score: number;
  /** Components behind the score. */
  embedding: number | null;
  keyword: number;
  /** The best passage of the document for this query. */
  passage: AnswerPassage;
  /**
   * Plain text to show or send for the hit: what the bot would reply from it (`replyText` of the
   * answer's blocks), whole sentences, so an agent can send it as it is: for a FAQ its answer
   * (condensed past `faqMaxChars`) whichever phrasing matched; for an article its best passage (the
   * first section when the title matched) condensed past `answerMaxChars`.
   */
  snippet: string;
}

export interface SearchOptions {
  locale?: string;
  mode?: SearchMode;
}

export interface AnswerOptions {
  locale?: string;
}

export interface BuildReport {
  documents: number;
  passages: number;
  /** Passage vectors computed by the embedder during this build. */
  embedded: number;
  /** Passage vectors read back from the store. */
  reused: number;
  /** Stored vectors removed because their article no longer exists. */
  pruned: number;
  /** True when the vector index uses clusters (large knowledge bases). */
  clustered: boolean;
  ms: number;
}

export interface UpsertReport {
  id: string;
  /** False when the article does not exist or is a draft (it is then removed from the index). */
  indexed: boolean;
  passages: number;
  embedded: number;
  reused: number;
  ms: number;
}

export interface SyncReport {
  upserted: string[];
  removed: string[];
  unchanged: number;
}

export interface FeedbackInput {
  answerId: string;
  /** The answer's source id (article or FAQ). */
  sourceId: string;
  helpful: boolean;
  conversationId?: string | null;
  query?: string | null;
  comment?: string | null;
}

export interface HelpfulnessRow {
  articleId: string;
  /** Null when the article has since been deleted. */
  title: string | null;
  kind: ArticleKind | null;
  helpful: number;
  notHelpful: number;
  total: number;
  /** helpful / total. */
  rate: number;
  /** Lower bound of the 95 % Wilson interval of the rate: ranks articles fairly across vote counts. */
  rateLowerBound: number;
  lastVoteAt: IsoDate;
}

export interface KnowledgeBaseStats {
  documents: number;
  passages: number;
  keywordDocs: number;
  vectors: number;
  clustered: boolean;
  modelKey: string;
  keywordEngine: string;
  /** True after the first build or sync. */
  ready: boolean;
  /** When the last full build finished (the injected clock), null before. */
  builtAt: IsoDate | null;
}
