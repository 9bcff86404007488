/**
 * Intent recognition: nlp.js's classifier fused with a softmax regression over sentence
 * embeddings, with calibrated out-of-scope detection ('none').
 */
export { IntentRecognizer } from './recognizer';
export type {
  CalibrationReport,
  ClassifierName,
  IntentRecognizerJson,
  IntentRecognizerOptions,
  MixCalibration,
} from './recognizer';
export { NONE_INTENT } from './types';
export type {
  IntentDefinition,
  IntentEmbedder,
  IntentRecognition,
  IntentScore,
  IntentSettings,
  RecognitionReason,
} from './types';
export { MAX_INPUT_CHARS, sanitizeText } from './text';
export type { SoftmaxRegressionOptions } from './softmax-regression';
export type { NlpjsClassifierOptions } from './nlpjs-classifier';
export type { LexicalOptions } from './lexical-features';
export type { SparseSoftmaxOptions } from './sparse-softmax';
export { createRng, shuffleInPlace } from './random';
