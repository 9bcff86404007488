/**
 * Analytics and the learning loop's review, over the store's ports: pure computations for a period
 * (containment, verified and assumed resolution, escalations, CSAT, response and wait times, fallbacks,
 * intents, a per-intent funnel, CSV) and the grouping of unanswered messages. The HTTP side is
 * server/analytics.
 */
export {
  AGENT_TAKEOVER,
  CSAT_EVENT,
  EVENT_ATTACHMENT_TYPE,
  computeAnalytics,
  csatScoreOf,
  definitions,
  percentile,
  seriesToCsv,
  type AnalyticsData,
  type AnalyticsOptions,
  type AnalyticsReport,
  type CsatSummary,
  type FunnelRow,
  type Quantiles,
  type SeriesPoint,
  type Summary,
} from './compute';
export { LIST_LIMIT, loadAnalyticsData, votesSince, type AnalyticsStore } from './load';
export {
  MAX_BUCKETS,
  bucketStart,
  bucketStarts,
  periodProblem,
  type BucketSize,
  type Period,
} from './period';
export {
  EMBEDDING_DEFAULTS,
  TOKEN_DEFAULTS,
  clusterReviewItems,
  contentStems,
  normalizeText,
  reviewItems,
  tokenVector,
  type ClusterOptions,
  type ReviewCluster,
  type ReviewExample,
  type ReviewResult,
  type ReviewSource,
  type SuggestedIntent,
} from './review';
