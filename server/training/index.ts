/** Retraining in a worker, the deployment gate, kept model versions with rollback, and the test console. */
export {
  ModelRegistry,
  intentsHash,
  TRAINING_REVISION,
  type ModelFile,
  type ModelVersion,
} from './model-registry';
export {
  ModelWorseError,
  TrainingError,
  TrainingService,
  trainingModelOf,
  type ModelComparison,
  type TrainingJob,
  type TrainingServiceOptions,
  type TrainingStatus,
} from './training-service';
export {
  createReplyPreview,
  type ReplyPreview,
  type ReplyPreviewer,
  type PreviewMessage,
} from './reply-preview';
export {
  runTestConsole,
  type KnowledgeSearch,
  type TestConsoleOptions,
  type TestConsoleResult,
} from './test-console';
export { trainingRoutes, type TrainingModel, type TrainingRoutesOptions } from './routes';
