/**
 * Loads the language model the bot answers with: the sentence embedder, and the intent recognizer.
 *
 * The recognizer lives in a `LiveLanguageModel`, whose `swap()` replaces it atomically between turns
 * (an analysis already running finishes on the recognizer it started with). Models that went live
 * are kept by the ModelRegistry (server/training) under DATA_DIR/models; start-up loads the live one
 * without retraining. With no live model yet, the recognizer is trained on the store's intents (or
 * reloaded from DATA_DIR/models/intents-<hash>.json, saved under a hash of what it was trained on)
 * and registered as the first live version.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import {
  Analyzer,
  IntentRecognizer,
  ProductGazetteer,
  createSentimentAnalyzer,
  type CustomEntityMatcher,
  createTransformersEmbedder,
  preloadEntities,
  type AnalyzeContext,
  type Analysis,
  type AnalyzerOptions,
  type Embedder,
  type IntentDefinition,
  type IntentRecognizerJson,
} from '../nlp';
import type { Intent, Store } from '../store/ports';
import { demoCatalogue, ORDER_NUMBER_PATTERN, TRACKING_NUMBER_PATTERN } from './seed';
import { ModelRegistry, intentsHash } from './training/model-registry';

/**
 * The analyzer in force, replaceable at run time. `analyze` reads the current analyzer once, so one
 * turn is analysed by one model from start to end.
 */
export class LiveLanguageModel {
  private current: {
    analyzer: Analyzer;
    /** What the analyzer uses: the model, with the admin's global threshold when one is set. */
    recognizer: IntentRecognizer;
    /** The model as trained (what a rollback restores). */
    trained: IntentRecognizer;
    modelId: string | null;
  };
  private threshold: number | undefined;
  private settings: Omit<AnalyzerOptions, 'recognizer'>;

  constructor(
    recognizer: IntentRecognizer,
    options: { modelId?: string | null; analyzer?: Omit<AnalyzerOptions, 'recognizer'> } = {},
  ) {
    // One sentiment analyzer for every analyzer this holder builds.
    this.settings = {
      ...options.analyzer,
      sentiment: options.analyzer?.sentiment ?? createSentimentAnalyzer(),
    };
    this.current = this.build(recognizer, options.modelId ?? null);
  }

  get analyzer(): Analyzer {
    return this.current.analyzer;
  }

  get recognizer(): IntentRecognizer {
    return this.current.recognizer;
  }

  /** Registry id of the live model (null when it is not registered). */
  get modelId(): string | null {
    return this.current.modelId;
  }

  analyze(text: string, context?: AnalyzeContext): Promise<Analysis> {
    return this.current.analyzer.analyze(text, context);
  }

  /** Replaces the recognizer for every analysis that starts from now on; returns the previous one. */
  swap(
    recognizer: IntentRecognizer,
    modelId: string | null,
  ): { recognizer: IntentRecognizer; modelId: string | null } {
    const previous = this.current;
    this.current = this.build(recognizer, modelId);
    return { recognizer: previous.trained, modelId: previous.modelId };
  }

  /** The admin's entity lists and patterns, for every analysis from now on (undefined: none). */
  setCustomEntities(matcher: CustomEntityMatcher | undefined): void {
    this.settings = { ...this.settings, customEntities: matcher };
    this.current = this.build(this.current.trained, this.current.modelId);
  }

  /**
   * A global intent threshold set by an admin (undefined: the calibrated one), for the live model and
   * every model deployed after it.
   */
  setThreshold(threshold: number | undefined): void {
    if (threshold === this.threshold) return;
    this.threshold = threshold;
    this.current = this.build(this.current.trained, this.current.modelId);
  }

  /** The ambiguity margin of the live recognizer. */
  margin(): number {
    return this.current.recognizer.margin;
  }

  private build(trained: IntentRecognizer, modelId: string | null) {
    const recognizer = this.threshold === undefined ? trained : trained.withThreshold(this.threshold);
    return { analyzer: new Analyzer({ ...this.settings, recognizer }), recognizer, trained, modelId };
  }
}

export interface LanguageModel {
  /** The analyzer in force now (changes when a model is deployed or rolled back). */
  readonly analyzer: Analyzer;
  readonly recognizer: IntentRecognizer;
  embedder?: Embedder;
  live: LiveLanguageModel;
  registry: ModelRegistry;
}

export interface LoadLanguageModelOptions {
  store: Store;
  dataDir: string;
  modelsDir: string;
  logger: Logger;
  embeddings?: { enabled: boolean; model?: string; quantized?: boolean };
}

/** The entity settings of the demo shop (order and tracking numbers, the catalogue's products). */
export function demoAnalyzerSettings(): Omit<AnalyzerOptions, 'recognizer'> {
  return {
    gazetteer: new ProductGazetteer(demoCatalogue),
    patterns: {
      orderNumber: new RegExp(ORDER_NUMBER_PATTERN, 'i'),
      trackingNumber: new RegExp(TRACKING_NUMBER_PATTERN, 'i'),
    },
  };
}

export async function loadLanguageModel(options: LoadLanguageModelOptions): Promise<LanguageModel> {
  const { store, logger } = options;
  const embedder =
    options.embeddings?.enabled === false
      ? undefined
      : await createTransformersEmbedder({
          model: options.embeddings?.model,
          cacheDir: join(options.modelsDir, 'all-MiniLM-L6-v2'),
          quantized: options.embeddings?.quantized,
        });
  const registry = await new ModelRegistry({ dir: join(options.dataDir, 'models') }).open();
  let recognizer: IntentRecognizer | undefined;
  let modelId: string | null = null;
  const liveVersion = registry.live;
  if (liveVersion) {
    try {
      const file = await registry.read(liveVersion.id);
      recognizer = IntentRecognizer.fromJSON(file.model, { embedder });
      modelId = liveVersion.id;
      logger.info({ model: liveVersion.id }, 'loaded the live intent model');
    } catch (error) {
      logger.warn(
        { err: error, model: liveVersion.id },
        'the live intent model could not be loaded; training',
      );
    }
  }
  if (!recognizer) {
    const definitions = toDefinitions(await store.intents.list());
    recognizer = await loadOrTrain(definitions, embedder, options.dataDir, logger);
    const version = await registry.add(
      { model: recognizer.toJSON(), definitions, report: null },
      {
        createdBy: 'system',
        origin: 'startup',
        embedderModelId: recognizer.usesEmbeddings ? (embedder?.modelId ?? null) : null,
      },
    );
    await registry.setLive(version.id);
    modelId = version.id;
  }
  // compromise loads in about a second; here, before the service reports ready, rather than on the
  // first customer message that mentions a person or a date.
  preloadEntities();
  const live = new LiveLanguageModel(recognizer, { modelId, analyzer: demoAnalyzerSettings() });
  return {
    get analyzer() {
      return live.analyzer;
    },
    get recognizer() {
      return live.recognizer;
    },
    embedder,
    live,
    registry,
  };
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
  const key = intentsHash(definitions, embedder?.modelId ?? null);
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
