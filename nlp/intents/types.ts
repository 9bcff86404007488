/** Public types of intent recognition. */

/** What the recognizer answers when no intent fits (out of scope, too unsure, or no text). */
export const NONE_INTENT = 'none';

export interface IntentSettings {
  /** Minimum top score for this intent to be returned; overrides the calibrated threshold. */
  threshold?: number;
}

export interface IntentDefinition {
  name: string;
  utterances: string[];
  settings?: IntentSettings;
}

export interface IntentScore {
  intent: string;
  score: number;
}

/**
 * - `ok`: the top intent passed its threshold and beat the runner-up by the margin;
 * - `out_of_scope`: the message is not something the intents handle: the out-of-scope class (the
 *   'none' intent's examples) scored at least as high as every intent, or the text has no word the
 *   intents were trained on;
 * - `below_threshold`: the top score is under the threshold (or there was no usable text): an
 *   in-scope question no intent is sure of, which other sources (the knowledge base) may still answer;
 * - `ambiguous`: the top two are closer than the margin.
 */
export type RecognitionReason = 'ok' | 'out_of_scope' | 'below_threshold' | 'ambiguous';

export interface IntentRecognition {
  /** Every intent with its calibrated probability, best first (empty when there was no usable text). */
  ranking: IntentScore[];
  /** The top intent, or NONE_INTENT. */
  intent: string;
  reason: RecognitionReason;
}

/**
 * The part of the embeddings module's `Embedder` this module needs (structurally compatible, so
 * `createTransformersEmbedder()` can be passed as is). Vectors are expected L2-normalised.
 */
export interface IntentEmbedder {
  readonly dimension: number;
  readonly modelId: string;
  embed(texts: string[]): Promise<Float32Array[]>;
}
