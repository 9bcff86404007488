/** Sentiment of customer messages: rule-based scores, frustration and the mood's trajectory. */
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
export {
  headAccuracy,
  holdOutSentences,
  normaliseSpaces,
  ruleFeatures,
  RULE_FEATURE_NAMES,
  selectSentimentHead,
  SentimentHead,
  withSentenceWeight,
} from './learned-head';
export type {
  BinarySentiment,
  HeadExample,
  SelectionCandidate,
  SelectionResult,
  SentimentHeadFeatures,
  SentimentHeadJson,
  SentimentHeadOptions,
} from './learned-head';
export { LogisticRegression, minimizeLbfgs } from './logistic';
export type { LogisticJson, LogisticOptions } from './logistic';
