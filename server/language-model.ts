/**
 * Loads the language model the bot answers with: the sentence embedder, and the intent recognizer
 * trained on the store's intents. A trained recognizer is saved in DATA_DIR under a hash of what it
 * was trained on, so a restart reloads it instead of retraining.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import {
  Analyzer,
  IntentRecognizer,
  ProductGazetteer,
  createTransformersEmbedder,
  type Embedder,
  type IntentDefinition,
  type IntentRecognizerJson,
} from '../nlp';
import type { Intent, Store } from '../store/ports';
import { demoCatalogue, ORDER_NUMBER_PATTERN, TRACKING_NUMBER_PATTERN } from './seed';

export interface LanguageModel {
  analyzer: Analyzer;
  recognizer: IntentRecognizer;
  embedder?: Embedder;
}

export interface LoadLanguageModelOptions {
  store: Store;
  dataDir: string;
  modelsDir: string;
  logger: Logger;
  embeddings?: { enabled: boolean; model?: string };
}

/** Bump when the recognizer's training changes in a way that makes saved models stale. */
const TRAINING_REVISION = 1;

export async function loadLanguageModel(options: LoadLanguageModelOptions): Promise<LanguageModel> {
  const { store, logger } = options;
  const embedder =
    options.embeddings?.enabled === false
      ? undefined
      : await createTransformersEmbedder({
          model: options.embeddings?.model,
          cacheDir: join(options.modelsDir, 'all-MiniLM-L6-v2'),
        });
  const definitions = toDefinitions(await store.intents.list());
  const recognizer = await loadOrTrain(definitions, embedder, options.dataDir, logger);
  const analyzer = new Analyzer({
    recognizer,
    gazetteer: new ProductGazetteer(demoCatalogue),
    patterns: {
      orderNumber: new RegExp(ORDER_NUMBER_PATTERN, 'i'),
      trackingNumber: new RegExp(TRACKING_NUMBER_PATTERN, 'i'),
    },
  });
  return { analyzer, recognizer, embedder };
}

export function toDefinitions(intents: Intent[]): IntentDefinition[] {
  return intents
    .filter((intent) => intent.utterances.length > 0)
    .map((intent) => ({
      name: intent.name,
      utterances: intent.utterances,
      settings:
        intent.settings.threshold !== undefined ? { threshold: intent.settings.threshold } : undefined,
    }));
}

async function loadOrTrain(
  definitions: IntentDefinition[],
  embedder: Embedder | undefined,
  dataDir: string,
  logger: Logger,
): Promise<IntentRecognizer> {
  const key = createHash('sha256')
    .update(JSON.stringify({ TRAINING_REVISION, definitions, model: embedder?.modelId ?? null }))
    .digest('hex')
    .slice(0, 16);
  const dir = join(dataDir, 'models');
  const file = join(dir, `intents-${key}.json`);
  try {
    const json = JSON.parse(readFileSync(file, 'utf8')) as IntentRecognizerJson;
    const recognizer = IntentRecognizer.fromJSON(json, { embedder });
    logger.info({ file }, 'loaded the trained intent model');
    return recognizer;
  } catch {
    // Not trained yet for these intents: train now.
  }
  const started = Date.now();
  const recognizer = await IntentRecognizer.train(definitions, { embedder });
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${file}.tmp`, JSON.stringify(recognizer.toJSON()));
  renameSync(`${file}.tmp`, file);
  logger.info(
    { intents: definitions.length, ms: Date.now() - started, calibration: recognizer.calibration },
    'trained the intent model',
  );
  return recognizer;
}
