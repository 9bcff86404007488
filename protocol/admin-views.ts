/**
 * The admin side's training, test-console, review and analytics payloads as clients read them (the
 * console's pages). The server's own types (nlp/training, server/training, analytics/) are checked
 * against these at compile time in server/admin/views-contract.ts, so the two cannot drift apart.
 */

export type TrainingStatus = 'running' | 'ready' | 'failed' | 'deployed' | 'refused';

/** nlp/training/validation.ts ValidationReport (what the page reads). */
export interface ValidationReportView {
  folds: number;
  intents: number;
  utterances: number;
  evaluated: number;
  accuracy: number;
  macroF1: number;
  perIntent: { intent: string; support: number; precision: number; recall: number; f1: number }[];
  confusablePairs: {
    a: string;
    b: string;
    count: number;
    aAsB: number;
    bAsA: number;
    examples: { text: string; labelled: string; predicted: string }[];
  }[];
  suspectedMislabels: {
    text: string;
    labelled: string;
    predicted: string;
    score: number;
    labelledScore: number;
  }[];
  duplicates: {
    kind: 'exact' | 'near';
    similarity: number;
    normalized: string;
    a: { intent: string; text: string };
    b: { intent: string; text: string };
  }[];
  notEvaluated: string[];
}

/** server/training TrainingJob. */
export interface TrainingJobView {
  id: string;
  status: TrainingStatus;
  startedAt?: string;
  finishedAt?: string;
  /** What the worker is doing while running. */
  stage?: string;
  report?: ValidationReportView;
  comparison?: {
    liveAccuracy: number | null;
    candidateAccuracy: number;
    margin: number;
    acceptable: boolean;
  };
  error?: string;
  modelId?: string;
}

export interface ModelView {
  id: string;
  createdAt: string;
  intentsHash: string;
  accuracy: number | null;
  intents?: number;
  utterances?: number;
  createdBy?: string;
  origin?: 'startup' | 'deploy' | 'forced';
  live: boolean;
}

/** server/training/test-console.ts TestConsoleResult (what the page reads). */
export interface TestConsoleView {
  text: string;
  language: string;
  languageConfidence?: number;
  ranking: { intent: string; score: number }[];
  /** The decided intent, or "none". */
  intent: string;
  entities: { type: string; text: string; value?: unknown; canonical?: string }[];
  sentiment: { score: number; label: string; frustration?: boolean; signals?: string[] } | number | null;
  knowledge: { articleId: string; title: string; snippet: string; score: number; link?: string }[];
  reply: { text: string; quickReplies?: string[] } | null;
  why: {
    threshold: number;
    thresholdSource?: 'intent' | 'calibrated';
    calibratedThreshold?: number;
    margin: number;
    topIntent?: string | null;
    topScore: number;
    secondScore: number;
    /** ok, below_threshold, ambiguous or out_of_scope. */
    decision: string;
    policy: {
      route: string;
      detail: string;
      escalation?: { reason: string; intent?: string } | null;
      dialog?: string | null;
    } | null;
  };
}

export interface ReviewExampleView {
  text: string;
  conversationId: string;
  /** Null for a "not helpful" vote whose turn was not recorded. */
  seq: number | null;
  source: 'fallback' | 'not_helpful';
}

export interface ReviewClusterView {
  id: string;
  size: number;
  label: string;
  examples: ReviewExampleView[];
  suggestedIntent?: string | { id?: string; name?: string };
}

/** GET /api/admin/analytics (what clients read of analytics/compute.ts AnalyticsReport). */
export interface AnalyticsQuantiles {
  count: number;
  p50: number | null;
  p90: number | null;
}

export interface AnalyticsSummaryView {
  conversations: number;
  ended: number;
  contained: number;
  containmentRate: number | null;
  verifiedResolution: number;
  verifiedResolutionRate: number | null;
  assumedResolution: number;
  assumedResolutionRate: number | null;
  escalated: number;
  escalationRate: number | null;
  escalationReasons: { reason: string; label: string; count: number; share: number }[];
  csat: { count: number; average: number | null; distribution: Record<'1' | '2' | '3' | '4' | '5', number> };
  firstResponseSeconds: AnalyticsQuantiles;
  waitForHumanSeconds: AnalyticsQuantiles & { neverAssigned: number };
  botTurns: number;
  fallbacks: number;
  fallbackRate: number | null;
  topIntents: { intent: string; count: number; share: number }[];
}

export interface AnalyticsSeriesPointView {
  start: string;
  conversations: number;
  ended: number;
  contained: number;
  containmentRate: number | null;
  escalationRate: number | null;
  fallbackRate: number | null;
}

export interface AnalyticsFunnelRowView {
  intent: string;
  recognized: number;
  answered: number;
  helpful: number;
  escalated: number;
}

export interface AnalyticsReportView {
  period: { from: string; to: string; bucket: 'day' | 'week' };
  generatedAt: string;
  truncated: boolean;
  definitions: Record<string, string>;
  summary: AnalyticsSummaryView;
  funnel: AnalyticsFunnelRowView[];
  series: AnalyticsSeriesPointView[];
}
