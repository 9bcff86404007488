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
  /** Plain text (for text-only channels). */
  text: string;
  /** The answer's markdown, taken from the content (untrusted: render with `rendered`/`html`). */
  markdown: string;
  /** The answer as a safe block tree. */
  rendered: Block[];
  /** The answer as HTML built by our renderer (whitelisted tags only, every text escaped). */
  html: string;
  /** True when the text was condensed (TextRank) or cut to the length budget. */
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
  /** A short plain-text snippet of that passage. */
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
