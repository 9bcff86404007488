/**
 * Training that cannot break production: a validation report (cross-validation, per-intent F1,
 * confusions, suspected mislabels, duplicates) and training in a worker thread.
 */
export {
  assignFolds,
  findDuplicates,
  normalizeUtterance,
  recognizerTrainer,
  validateIntents,
  type ConfusablePair,
  type ConfusionExample,
  type DuplicatePair,
  type FoldClassifier,
  type FoldTrainer,
  type IntentMetrics,
  type MislabelSuspect,
  type ValidationOptions,
  type ValidationReport,
} from './validation';
export {
  precomputedEmbedder,
  textsToEmbed,
  trainIntents,
  type PrecomputedEmbeddings,
  type TrainingProgress,
  type TrainingRecognizerOptions,
  type TrainingRequest,
  type TrainingResult,
} from './trainer';
export { trainInWorker, workerEntry, type TrainInWorkerOptions } from './worker-client';
