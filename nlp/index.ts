/** Text analysis for Parley: one entry point (`Analyzer.analyze`) and summaries, over the capabilities below. */
export { Analyzer, MAX_ANALYZE_CHARS } from './analyzer';
export type { Analysis, AnalyzeContext, AnalyzerOptions } from './analyzer';
export * from './intents';
export * from './entities';
export * from './sentiment';
export * from './language';
export * from './embeddings';
export {
  summarizeArticle,
  summarizeConversation,
  summarizeArticleWithEmbedder,
  summarizeConversationWithEmbedder,
  rouge,
  type ArticleSummary,
  type ConversationSummary,
  type ConversationTurn,
  type SummarizeArticleOptions,
  type SummarizeConversationOptions,
} from './summarize';
