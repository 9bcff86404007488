/**
 * The admin REST payloads as the console reads them, from protocol/ as types only (no zod reaches the
 * bundle), and the pages' own contracts.
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
export type {
  TrainingStatus,
  ValidationReportView,
  TrainingJobView,
  ModelView,
  TestConsoleView,
  ReviewExampleView,
  ReviewClusterView,
  AnalyticsQuantiles,
  AnalyticsSummaryView,
  AnalyticsSeriesPointView,
  AnalyticsFunnelRowView,
  AnalyticsReportView,
} from '../../protocol/admin-views';

export type ArticleKind = ArticleView['kind'];
/** What the editor saves; without `alternatives` the server keeps the stored ones. */
export type ArticleInput = Omit<ArticleView, 'id' | 'version' | 'updatedAt' | 'alternatives'> & {
  alternatives?: string[];
};
export type EntityListView = EntitiesView['lists'][number];
export type EntityPatternView = EntitiesView['patterns'][number];
export type DayKey = Weekday;
export type AdminUserView = UserView;
export type IntentSettingsView = IntentInput['settings'];

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
