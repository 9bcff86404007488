/**
 * The admin REST payloads as the console reads them (see /tmp/parley/admin-spec.md, "Routes").
 * Resource types come from protocol/admin.ts as types only (no zod reaches the bundle). The training,
 * test-console, review and analytics payloads are not in the protocol yet: minimal local mirrors of
 * the spec (and of analytics/compute.ts, analytics/review.ts) follow; move them once they are.
 */
import type { ArticleView, EntitiesView, IntentInput, UserView, Weekday } from '../../protocol/admin';
import type { Session } from '../api';
import type { AdminApi } from './api';

export type {
  ArticleView,
  AuditEntryView,
  BotSettingsView,
  EntitiesView,
  ImportFailureDetails,
  ImportResult,
  IntentInput,
  IntentView,
  MarkdownPreview,
} from '../../protocol/admin';

export type ArticleKind = ArticleView['kind'];
export type ArticleInput = Omit<ArticleView, 'id' | 'version' | 'updatedAt'>;
export type EntityListView = EntitiesView['lists'][number];
export type EntityPatternView = EntitiesView['patterns'][number];
export type DayKey = Weekday;
export type AdminUserView = UserView;
export type IntentSettingsView = IntentInput['settings'];

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
    /** ok, below_threshold or ambiguous. */
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
  seq: number;
  source: 'fallback' | 'not_helpful';
}

export interface ReviewClusterView {
  id: string;
  size: number;
  label: string;
  examples: ReviewExampleView[];
  suggestedIntent?: string | { id?: string; name?: string };
}

/** What every admin page gets. */
export interface AdminContext {
  readonly session: Session;
  readonly api: AdminApi;
  /** A short polite status message (toast). */
  say(message: string): void;
  /** An error as a toast. */
  fail(error: unknown): void;
  /** Goes to a section (and an optional item in it), through the URL hash. */
  go(section: string, item?: string): void;
  /** Renders the current section again from the server's data (drops unsaved edits). */
  reload(): void;
  /** True while the page is still the one shown (async work checks it before rendering). */
  alive(): boolean;
}

/** What a page may hand back: in-page selection, unsaved-edit check, cleanup. */
export interface PageHandle {
  /** The hash changed to another item of the same section (no full re-render). */
  select?(item: string | undefined): void;
  /** True when leaving would lose edits. */
  dirty?(): boolean;
  dispose?(): void;
}

/** A page renders into `root`. */
export type AdminPage = (ctx: AdminContext, root: HTMLElement, item?: string) => PageHandle | void;

/** What the lazily loaded admin bundle hands the console (window.__parleyAdmin). */
export interface AdminModule {
  mount(options: {
    root: HTMLElement;
    session: Session;
    say(message: string): void;
    fail(error: unknown): void;
    onSignedOut(): void;
  }): { show(section: string, item?: string): void; confirmLeave(): Promise<boolean>; destroy(): void };
}

/** GET /api/admin/analytics (mirrors analytics/compute.ts AnalyticsReport; only what the page reads). */
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
