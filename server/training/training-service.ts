/**
 * Retraining jobs and deployment:
 * - `start()` reads the store's intents, embeds their utterances on this thread (only those the last
 *   job did not: its vectors are kept, see `vectorMemo`; small batches keep chats flowing) and trains
 *   in a worker thread: validation report + serialized model;
 * - `deploy()` applies the gate — the candidate's cross-validated accuracy may be at most `margin`
 *   below the live model's, unless forced — then saves the version, swaps it in and moves the live
 *   pointer;
 * - `activate()` makes any kept version live again (rollback, roll forward).
 */
import { randomBytes } from 'node:crypto';
import { IntentRecognizer, type Embedder, type IntentDefinition, type IntentRecognizerJson } from '../../nlp';
import {
  textsToEmbed,
  trainInWorker,
  type TrainingRecognizerOptions,
  type TrainingRequest,
  type TrainingResult,
  type ValidationReport,
} from '../../nlp/training';
import type { Store } from '../../store/ports';
import { toDefinitions, type LiveLanguageModel } from '../language-model';
import type { ModelRegistry, ModelVersion } from './model-registry';

export type TrainingStatus = 'running' | 'ready' | 'failed' | 'deployed' | 'refused';

export interface ModelComparison {
  /** The live model's cross-validated accuracy (null: unknown, the gate lets the candidate pass). */
  liveAccuracy: number | null;
  candidateAccuracy: number;
  /** How far below the live accuracy the candidate may be (0..1). */
  margin: number;
  acceptable: boolean;
}

export interface TrainingJob {
  id: string;
  status: TrainingStatus;
  startedAt: string;
  finishedAt?: string;
  startedBy: string;
  /** What the worker is doing while running. */
  stage?: string;
  report?: ValidationReport;
  comparison?: ModelComparison;
  error?: string;
  /** The registry id once deployed. */
  modelId?: string;
  timings?: TrainingResult['timings'] & { embeddingMs: number };
}

export interface TrainingServiceOptions {
  store: Pick<Store, 'intents'>;
  live: LiveLanguageModel;
  registry: ModelRegistry;
  /** The embedder the live model runs with (vectors are computed here, not in the worker). */
  embedder?: Embedder;
  /** Accuracy points (0..1) a candidate may lose against the live model (default 0.01 = 1 point). */
  margin?: number;
  folds?: number;
  seed?: number;
  recognizer?: TrainingRecognizerOptions;
  /** Runs a training (default: trainInWorker). */
  train?: (
    request: TrainingRequest,
    onStage: (stage: string) => void,
    signal: AbortSignal,
  ) => Promise<TrainingResult>;
  /** Texts per embedder call while precomputing vectors (default 16). */
  embedBatch?: number;
  /** Finished jobs kept in memory (default 20). */
  keepJobs?: number;
  clock?: () => Date;
  newId?: () => string;
  /** Called after a model went live (deploy or activate). */
  onModelChanged?: (version: ModelVersion) => void;
  logger?: { info(obj: object, msg?: string): void; error(obj: object, msg?: string): void };
}

/** Thrown by `deploy` when the gate refuses a candidate. */
export class ModelWorseError extends Error {
  constructor(readonly comparison: ModelComparison) {
    super(
      `The new model's cross-validated accuracy (${pct(comparison.candidateAccuracy)}) is more than ` +
        `${pct(comparison.margin)} below the live model's (${pct(comparison.liveAccuracy ?? 0)}). ` +
        'Deploy with force to use it anyway.',
    );
    this.name = 'ModelWorseError';
  }
}

export class TrainingError extends Error {
  constructor(
    readonly code: 'not_found' | 'not_ready' | 'incompatible',
    message: string,
  ) {
    super(message);
    this.name = 'TrainingError';
  }
}

interface JobState {
  job: TrainingJob;
  result?: TrainingResult;
  definitions?: IntentDefinition[];
  done?: Promise<void>;
  abort: AbortController;
}

export class TrainingService {
  private readonly jobs = new Map<string, JobState>();
  private running: JobState | undefined;
  private readonly clock: () => Date;
  private readonly newId: () => string;
  private deploying: Promise<unknown> = Promise.resolve();
  /** The live version another node made live that this node could not load (see `follow`). */
  private unfollowable: string | undefined;
  /**
   * The last job's vectors by text (for one embedding model). The embedder's own cache holds 5,000
   * texts shared with live traffic; a corpus larger than that was re-embedded in full on every
   * retrain (about 50 s for Banking77's 10,003). Only the current corpus is kept, so this stays as
   * large as one training set.
   */
  private vectorMemo: { modelId: string; vectors: Map<string, Float32Array> } | undefined;

  constructor(private readonly options: TrainingServiceOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.newId = options.newId ?? (() => `job-${randomBytes(6).toString('hex')}`);
  }

  get margin(): number {
    return this.options.margin ?? 0.01;
  }

  /** Starts a job, or returns the one already running (`created` false). */
  start(actor: string): { job: TrainingJob; created: boolean } {
    if (this.running) return { job: this.view(this.running), created: false };
    const state: JobState = {
      job: { id: this.newId(), status: 'running', startedAt: this.clock().toISOString(), startedBy: actor },
      abort: new AbortController(),
    };
    this.jobs.set(state.job.id, state);
    this.running = state;
    state.job.stage = 'embedding';
    state.done = this.run(state).finally(() => {
      this.running = undefined;
      this.prune();
    });
    return { job: this.view(state), created: true };
  }

  /** Jobs kept in memory, newest first, without their reports. */
  list(): Omit<TrainingJob, 'report'>[] {
    return [...this.jobs.values()].reverse().map((state) => {
      const { report: _report, ...job } = this.view(state);
      return job;
    });
  }

  get(id: string): TrainingJob | undefined {
    const state = this.jobs.get(id);
    return state && this.view(state);
  }

  /** Resolves when the job has finished (tests and scripts). */
  async settled(id: string): Promise<TrainingJob | undefined> {
    const state = this.jobs.get(id);
    await state?.done;
    return state && this.view(state);
  }

  /** Stops a running job (its worker is terminated; the job fails); for shutdown. */
  async stop(): Promise<void> {
    const running = this.running;
    if (!running) return;
    running.abort.abort(new Error('training stopped: the server is shutting down'));
    await running.done;
  }

  /** The gate, against the model live now. */
  compare(candidateAccuracy: number): ModelComparison {
    const liveAccuracy = this.options.registry.live?.accuracy ?? null;
    const margin = this.margin;
    return {
      liveAccuracy,
      candidateAccuracy,
      margin,
      acceptable: liveAccuracy === null || candidateAccuracy >= liveAccuracy - margin - 1e-12,
    };
  }

  /** Puts a ready job's model live (or throws ModelWorseError / TrainingError). */
  deploy(
    id: string,
    options: { force?: boolean; actor: string },
  ): Promise<{ job: TrainingJob; model: ModelVersion }> {
    return this.exclusive(async () => {
      const state = this.jobs.get(id);
      if (!state) throw new TrainingError('not_found', `No training job ${id}.`);
      const { job, result, definitions } = state;
      if (job.status === 'deployed') throw new TrainingError('not_ready', `Job ${id} is already deployed.`);
      if (!result || !definitions || (job.status !== 'ready' && job.status !== 'refused'))
        throw new TrainingError(
          'not_ready',
          `Job ${id} is ${job.status}; only a finished job can be deployed.`,
        );
      // The gate compares with the model live now, which another node may have changed.
      await this.options.registry.refresh();
      const comparison = this.compare(result.report.accuracy);
      job.comparison = comparison;
      if (!comparison.acceptable && !options.force) {
        job.status = 'refused';
        throw new ModelWorseError(comparison);
      }
      const recognizer = this.load(result.model, job.id);
      const version = await this.options.registry.add(
        { model: result.model, definitions, report: result.report },
        {
          createdBy: options.actor,
          origin: comparison.acceptable ? 'deploy' : 'forced',
          embedderModelId: result.model.embedder?.modelId ?? null,
        },
      );
      await this.goLive(recognizer, version);
      job.status = 'deployed';
      job.modelId = version.id;
      state.result = undefined; // the registry has the model now
      this.options.logger?.info(
        { job: id, model: version.id, forced: !comparison.acceptable },
        'model deployed',
      );
      return { job: this.view(state), model: version };
    });
  }

  /** Makes a kept version live (rollback or roll forward). */
  activate(id: string): Promise<{ model: ModelVersion; previous: string | null }> {
    return this.exclusive(async () => {
      await this.options.registry.refresh(); // another node may have added it
      const version = this.options.registry.get(id);
      if (!version) throw new TrainingError('not_found', `No model ${id}.`);
      const previous = this.options.live.modelId;
      const file = await this.options.registry.read(id);
      const recognizer = this.load(file.model, id);
      await this.goLive(recognizer, version);
      this.options.logger?.info({ model: id, previous }, 'model activated');
      return { model: this.options.registry.get(id)!, previous };
    });
  }

  /**
   * Puts live here the model the registry names live, when another node made it so (a deploy or a
   * rollback there): re-reads the shared registry, loads that version and swaps it in. Announces
   * nothing (`onModelChanged` is for changes made here). Resolves with the version now live when it
   * changed, null when this node already runs it.
   */
  follow(): Promise<ModelVersion | null> {
    return this.exclusive(async () => {
      const { registry, live } = this.options;
      await registry.refresh();
      const version = registry.live;
      if (!version || version.id === live.modelId) return null;
      // One that cannot run here (e.g. it needs embeddings this node runs without) is reported once,
      // not on every catch-up; this node keeps the model it has.
      if (version.id === this.unfollowable) return null;
      try {
        const file = await registry.read(version.id);
        live.swap(this.load(file.model, version.id), version.id);
      } catch (error) {
        this.unfollowable = version.id;
        throw error;
      }
      this.options.logger?.info({ model: version.id }, 'model made live by another node');
      return version;
    });
  }

  private load(model: IntentRecognizerJson, what: string): IntentRecognizer {
    try {
      return IntentRecognizer.fromJSON(model, { embedder: this.options.embedder });
    } catch (error) {
      throw new TrainingError(
        'incompatible',
        `${what} cannot run here: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private async goLive(recognizer: IntentRecognizer, version: ModelVersion): Promise<void> {
    const previous = this.options.live.swap(recognizer, version.id);
    try {
      await this.options.registry.setLive(version.id);
    } catch (error) {
      this.options.live.swap(previous.recognizer, previous.modelId);
      throw error;
    }
    this.options.onModelChanged?.(version);
  }

  private async run(state: JobState): Promise<void> {
    const { job } = state;
    try {
      const definitions = toDefinitions(await this.options.store.intents.list());
      state.definitions = definitions;
      // The live model's accuracy is unknown (the start-up model): cross-validate its intents too.
      const live = this.options.registry.live;
      let baseline: IntentDefinition[] | undefined;
      if (live && live.accuracy === null) baseline = (await this.options.registry.read(live.id)).definitions;

      const embeddingStarted = Date.now();
      const embeddings = await this.embed([...definitions, ...(baseline ?? [])]);
      const embeddingMs = Date.now() - embeddingStarted;
      const request: TrainingRequest = {
        definitions,
        baseline,
        embeddings,
        recognizer: this.options.recognizer,
        validation: { folds: this.options.folds, seed: this.options.seed },
      };
      const train =
        this.options.train ??
        ((req: TrainingRequest, onStage: (stage: string) => void, signal: AbortSignal) =>
          trainInWorker(req, { onProgress: (p) => onStage(p.stage), signal }));
      job.stage = 'validation';
      state.abort.signal.throwIfAborted();
      const result = await train(request, (stage) => (job.stage = stage), state.abort.signal);
      if (live && baseline && result.baselineReport && this.options.registry.live?.id === live.id)
        await this.options.registry.setReport(live.id, result.baselineReport);
      state.result = result;
      job.report = result.report;
      job.comparison = this.compare(result.report.accuracy);
      job.timings = { ...result.timings, embeddingMs };
      job.status = 'ready';
      this.options.logger?.info(
        { job: job.id, accuracy: result.report.accuracy, timings: job.timings },
        'trained',
      );
    } catch (error) {
      job.status = 'failed';
      job.error = error instanceof Error ? error.message : String(error);
      this.options.logger?.error({ err: error, job: job.id }, 'training failed');
    } finally {
      job.stage = undefined;
      job.finishedAt = this.clock().toISOString();
    }
  }

  private async embed(definitions: IntentDefinition[]): Promise<TrainingRequest['embeddings']> {
    const embedder = this.options.embedder;
    // Only when the live model uses embeddings: a model trained without them stays without.
    if (!embedder || !this.options.live.recognizer.usesEmbeddings) return undefined;
    const texts = textsToEmbed(definitions);
    const memo = this.vectorMemo?.modelId === embedder.modelId ? this.vectorMemo.vectors : new Map();
    const known = new Map<string, Float32Array>();
    const missing: string[] = [];
    for (const text of texts) {
      const vector = memo.get(text);
      if (vector) known.set(text, vector);
      else missing.push(text);
    }
    const batch = this.options.embedBatch ?? 16;
    for (let i = 0; i < missing.length; i += batch) {
      const chunk = missing.slice(i, i + batch);
      (await embedder.embed(chunk)).forEach((vector, j) => known.set(chunk[j], vector));
      // Let waiting turns run between batches.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    this.vectorMemo = { modelId: embedder.modelId, vectors: known };
    const vectors = texts.map((text) => known.get(text)!);
    return { modelId: embedder.modelId, dimension: embedder.dimension, texts, vectors };
  }

  private view(state: JobState): TrainingJob {
    return { ...state.job };
  }

  private prune(): void {
    const keep = this.options.keepJobs ?? 20;
    const finished = [...this.jobs.values()].filter((s) => s.job.status !== 'running');
    for (const s of finished.slice(0, Math.max(0, finished.length - keep))) this.jobs.delete(s.job.id);
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.deploying.then(work, work);
    this.deploying = run.catch(() => undefined);
    return run;
  }
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)} %`;
}

/** The training services over a loaded language model (what `trainingRoutes` needs). */
export function trainingModelOf(
  loaded: { live: LiveLanguageModel; registry: ModelRegistry; embedder?: Embedder },
  options: Omit<TrainingServiceOptions, 'live' | 'registry' | 'embedder'>,
): { training: TrainingService; registry: ModelRegistry; live: LiveLanguageModel } {
  const training = new TrainingService({
    ...options,
    live: loaded.live,
    registry: loaded.registry,
    embedder: loaded.embedder,
  });
  return { training, registry: loaded.registry, live: loaded.live };
}
