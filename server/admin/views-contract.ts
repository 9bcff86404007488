/**
 * Compile-time checks that what the server sends for training, the test console, review, analytics
 * and the built-in entity kinds is what clients read (protocol/admin-views.ts, protocol/admin.ts).
 * Nothing runs here: a drift is a type error in `npm run typecheck`.
 */
import type { AnalyticsReport, ReviewResult } from '../../analytics';
import type { BuiltInEntityKind } from '../../nlp';
import type { ValidationReport } from '../../nlp/training';
import type {
  AnalyticsReportView,
  ModelView,
  ReviewClusterView,
  TestConsoleView,
  TrainingJobView,
  ValidationReportView,
} from '../../protocol/admin-views';
import type { BuiltInEntityKindView } from '../../protocol/admin';
import type { ModelVersion, TestConsoleResult, TrainingJob } from '../training';

type Sends<Server, Client> = Server extends Client ? true : never;

export const VIEWS_MATCH: {
  analytics: Sends<AnalyticsReport, AnalyticsReportView>;
  review: Sends<ReviewResult['clusters'][number], ReviewClusterView>;
  report: Sends<ValidationReport, ValidationReportView>;
  job: Sends<TrainingJob, TrainingJobView>;
  model: Sends<ModelVersion & { live: boolean }, ModelView>;
  testConsole: Sends<TestConsoleResult, TestConsoleView>;
  builtInEntityKind: Sends<BuiltInEntityKind, BuiltInEntityKindView>;
} = {
  analytics: true,
  review: true,
  report: true,
  job: true,
  model: true,
  testConsole: true,
  builtInEntityKind: true,
};
