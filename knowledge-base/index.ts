/**
 * The knowledge base: articles and FAQs, passages, hybrid (BM25 + embedding) retrieval, answers
 * condensed with TextRank and citing their source, safe markdown rendering, "did this help?" feedback,
 * and import/export (Markdown folders with front matter, CSV, JSON). Other folders import from here.
 */
export { createKnowledgeBase, wilsonLowerBound } from './knowledge-base';
export type { ExplainedDoc, KnowledgeBase, KnowledgeBaseOptions, Summarizer } from './knowledge-base';
export type * from './types';
export {
  KnowledgeBaseError,
  MAX_QUERY_CHARS,
  normalizeQuery,
  hasWords,
  type KnowledgeBaseErrorCode,
} from './query';
export {
  renderMarkdown,
  toSafeHtml,
  markdownToSafeHtml,
  markdownToText,
  escapeHtml,
  inlineText,
  safeHref,
  stripHtml,
  slugify,
  type Block,
  type Inline,
  type SafeHtmlOptions,
} from './markdown';
export { replyText, toChatMarkdown, type ChatMarkdownOptions } from './chat-markdown';
export { condenseBlocks, type Condensed } from './condense';
export {
  splitPassages,
  MAX_EMBED_CHARS,
  type Passage,
  type PassageRole,
  type PassageOptions,
  type PassageSource,
} from './passages';
export {
  createKeywordIndex,
  keywordTokens,
  oneEditVariants,
  type KeywordEngine,
  type KeywordSearchOptions,
  type KeywordIndex,
  type KeywordDoc,
  type KeywordHit,
} from './keyword-index';
export {
  createArticleKeywordSearch,
  keywordDocs,
  type ArticleKeywordHit,
  type ArticleKeywordSearch,
} from './article-keywords';
export { VectorIndex, type VectorHit, type VectorIndexOptions } from './vector-index';
export {
  DEFAULT_CALIBRATION,
  DEFAULT_FUSION,
  confidence,
  confidenceFeatures,
  embeddingEvidence,
  fitLogistic,
  fuse,
  reciprocalRankFusion,
  thresholdForFalseRate,
  type Calibration,
  type DocComponents,
  type FusionWeights,
} from './scoring';
export {
  importArticles,
  exportArticles,
  readImportSource,
  writeMarkdownFiles,
  type ArticleStore,
  type ContentFormat,
  type ExportOptions,
  type ExportResult,
  type ImportOptions,
  type ImportReport,
  type ImportSource,
} from './content/import-export';
export { readMarkdownFolder, CSV_COLUMNS, type MarkdownFile } from './content/formats';
export { parseCsv, formatCsv, CsvSyntaxError, type CsvRecord } from './content/csv';
export {
  parseFrontMatter,
  formatFrontMatter,
  type ParsedFrontMatter,
  type FrontMatterProblem,
} from './content/front-matter';
export { validateRows, ID_PATTERN, type CandidateRow, type ImportProblem } from './content/validate';
