/**
 * Sentiment of customer messages: rule-based scores, frustration and the mood's trajectory. The learned
 * heads (learned-head.ts over logistic.ts) are trained and measured by bench/eval-sentiment, which
 * imports them from their own modules.
 */
export {
  analyzeSentiment,
  createSentimentAnalyzer,
  toBinaryLabel,
  DEFAULT_SENTIMENT_OPTIONS,
  MAX_SENTIMENT_CHARS,
} from './analyze';
export type { SentimentAnalyzer, SentimentLabel, SentimentOptions, SentimentResult } from './analyze';
export { sentimentTrajectory } from './trajectory';
export type { SentimentTrajectory, TrajectoryOptions } from './trajectory';
