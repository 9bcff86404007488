/**
 * One training run, as the worker performs it: cross-validate the intents (the validation report),
 * then train the model that would serve, and serialize it. Runs anywhere (the worker calls it; tests
 * may call it in-process).
 *
 * Sentence vectors are computed by the caller and passed in (`embeddings`): the main thread's
 * embedder is already loaded (the training service keeps the last job's vectors, so a retrain after a
 * few edits embeds only the new utterances), and the worker needs no ONNX model of its own.
 */
import {
  IntentRecognizer,
  sanitizeText,
  type IntentDefinition,
  type IntentEmbedder,
  type IntentRecognizerJson,
} from '../intents';
import {
  recognizerTrainer,
  validateIntents,
  type ValidationOptions,
  type ValidationReport,
} from './validation';

/** The recognizer options that can cross a thread boundary (no embedder instance). */
export interface TrainingRecognizerOptions {
  targetRecall?: number;
  threshold?: number;
  margin?: number;
  seed?: number;
  lexical?: boolean;
  holdoutFraction?: number;
}

/** Vectors of (sanitized) texts, computed by an embedder with this model id and dimension. */
export interface PrecomputedEmbeddings {
  modelId: string;
  dimension: number;
  texts: string[];
  vectors: Float32Array[];
}

export interface TrainingRequest {
  definitions: IntentDefinition[];
  recognizer?: TrainingRecognizerOptions;
  validation?: Omit<ValidationOptions, 'trainer'>;
  embeddings?: PrecomputedEmbeddings;
  /** Intents of the live model, cross-validated too when its accuracy is not known yet. */
  baseline?: IntentDefinition[];
}

export interface TrainingResult {
  model: IntentRecognizerJson;
  report: ValidationReport;
  baselineReport?: ValidationReport;
  timings: { validationMs: number; trainingMs: number; totalMs: number };
}

export interface TrainingProgress {
  stage: 'baseline' | 'validation' | 'training';
}

/** Every text the embedder must have embedded for `trainIntents` (sanitized as the recognizer does). */
export function textsToEmbed(...sets: (IntentDefinition[] | undefined)[]): string[] {
  const texts = new Set<string>();
  for (const definitions of sets)
    for (const def of definitions ?? [])
      for (const u of def.utterances ?? []) {
        const text = sanitizeText(u);
        if (text) texts.add(text);
      }
  return [...texts];
}

/** An embedder that answers from precomputed vectors (and fails loudly on a text it was not given). */
export function precomputedEmbedder(embeddings: PrecomputedEmbeddings): IntentEmbedder {
  const byText = new Map<string, Float32Array>();
  embeddings.texts.forEach((text, i) => byText.set(text, embeddings.vectors[i]));
  return {
    modelId: embeddings.modelId,
    dimension: embeddings.dimension,
    async embed(texts) {
      return texts.map((text) => {
        const vector = byText.get(text);
        if (!vector) throw new Error(`no precomputed vector for "${text.slice(0, 40)}"`);
        return vector;
      });
    },
  };
}

export async function trainIntents(
  request: TrainingRequest,
  onProgress: (progress: TrainingProgress) => void = () => undefined,
): Promise<TrainingResult> {
  const started = Date.now();
  const embedder = request.embeddings ? precomputedEmbedder(request.embeddings) : undefined;
  const options = { ...request.recognizer, embedder };
  const trainer = recognizerTrainer(options);
  let baselineReport: ValidationReport | undefined;
  if (request.baseline?.length) {
    onProgress({ stage: 'baseline' });
    baselineReport = await validateIntents(request.baseline, { ...request.validation, trainer });
  }
  onProgress({ stage: 'validation' });
  const report = await validateIntents(request.definitions, { ...request.validation, trainer });
  const validated = Date.now();
  onProgress({ stage: 'training' });
  const recognizer = await IntentRecognizer.train(request.definitions, options);
  const done = Date.now();
  return {
    model: recognizer.toJSON(),
    report,
    baselineReport,
    timings: { validationMs: validated - started, trainingMs: done - validated, totalMs: done - started },
  };
}
