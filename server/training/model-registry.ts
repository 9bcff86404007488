/**
 * The intent models that have gone live, kept on disk under DATA_DIR/models:
 *
 *   manifest.json          { format, version, live, models: [ModelVersion…] }   (written atomically)
 *   model-<id>.json        { model: IntentRecognizerJson, definitions, report }
 *
 * The manifest names the live model; `setLive` moves the pointer (rollback or roll forward) and is
 * only called once the model has been loaded and swapped in. Writes go to a temporary file first
 * and are renamed over the old one, so a crash never leaves a half-written manifest or model.
 *
 * Nodes that share DATA_DIR share the registry: each write reads the manifest again first (so a
 * version another node added is kept), and `refresh` re-reads it when another node reports a change.
 * Two nodes writing in the same few milliseconds can still lose one write (no lock across processes);
 * deploys and rollbacks are admin actions, rare enough for that.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { IntentDefinition, IntentRecognizerJson } from '../../nlp';
import type { ValidationReport } from '../../nlp/training';

export interface ModelVersion {
  id: string;
  createdAt: string;
  /** Hash of the intents (and embedding model) the model was trained on. */
  intentsHash: string;
  /** Cross-validated accuracy in 0..1, or null when the model has no validation report. */
  accuracy: number | null;
  /** Number of intents and utterances trained on. */
  intents: number;
  utterances: number;
  /** Embedding model the model needs for its embedding classifier (null: none). */
  embedderModelId: string | null;
  /** Who deployed it ("system" for the model trained at start-up). */
  createdBy: string;
  /** How it went live: 'startup', 'deploy', 'forced' (accepted although worse). */
  origin: 'startup' | 'deploy' | 'forced';
}

export interface ModelFile {
  model: IntentRecognizerJson;
  definitions: IntentDefinition[];
  report: ValidationReport | null;
}

interface Manifest {
  format: 'parley-model-registry';
  version: 1;
  live: string | null;
  models: ModelVersion[];
}

export interface ModelRegistryOptions {
  /** DATA_DIR/models. */
  dir: string;
  clock?: () => Date;
  newId?: () => string;
}

/** Bump when the recognizer's training changes in a way that makes saved models stale. */
export const TRAINING_REVISION = 1;

/** sha256 (16 hex) of what a model is trained on; the same key start-up uses for its model cache. */
export function intentsHash(definitions: IntentDefinition[], embedderModelId: string | null): string {
  return createHash('sha256')
    .update(JSON.stringify({ TRAINING_REVISION, definitions, model: embedderModelId }))
    .digest('hex')
    .slice(0, 16);
}

const ID_PATTERN = /^[a-z0-9-]{1,64}$/;

export class ModelRegistry {
  private manifest: Manifest = { format: 'parley-model-registry', version: 1, live: null, models: [] };
  private readonly clock: () => Date;
  private readonly newId: () => string;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: ModelRegistryOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.newId =
      options.newId ??
      (() =>
        `m-${this.clock().toISOString().replace(/\D/g, '').slice(0, 14)}-${randomBytes(3).toString('hex')}`);
  }

  get dir(): string {
    return this.options.dir;
  }

  /** Reads the manifest (an absent one is an empty registry). */
  async open(): Promise<this> {
    await this.exclusive(() => this.readManifest());
    return this;
  }

  /**
   * Reads the manifest again: another process sharing DATA_DIR (another node) may have added a
   * version or moved the live pointer. Writes do this first too, so they never drop what it wrote.
   */
  refresh(): Promise<void> {
    return this.exclusive(() => this.readManifest());
  }

  /** Newest first (versions added in the same millisecond: the later one first). */
  list(): ModelVersion[] {
    return this.manifest.models
      .map((version, index) => ({ version, index }))
      .sort((a, b) =>
        a.version.createdAt === b.version.createdAt
          ? b.index - a.index
          : a.version.createdAt < b.version.createdAt
            ? 1
            : -1,
      )
      .map(({ version }) => version);
  }

  get(id: string): ModelVersion | undefined {
    return this.manifest.models.find((m) => m.id === id);
  }

  get liveId(): string | null {
    return this.manifest.live;
  }

  get live(): ModelVersion | undefined {
    return this.manifest.live ? this.get(this.manifest.live) : undefined;
  }

  async read(id: string): Promise<ModelFile> {
    if (!ID_PATTERN.test(id) || !this.get(id)) throw new Error(`no model ${id}`);
    return JSON.parse(await readFile(this.fileOf(id), 'utf8')) as ModelFile;
  }

  /** Saves a new version (not live yet). */
  add(
    file: ModelFile,
    meta: Pick<ModelVersion, 'createdBy' | 'origin'> & { embedderModelId: string | null },
  ): Promise<ModelVersion> {
    return this.exclusive(async () => {
      await this.readManifest();
      const version: ModelVersion = {
        id: this.newId(),
        createdAt: this.clock().toISOString(),
        intentsHash: intentsHash(file.definitions, meta.embedderModelId),
        accuracy: file.report?.accuracy ?? null,
        intents: file.definitions.length,
        utterances: file.definitions.reduce((s, d) => s + d.utterances.length, 0),
        embedderModelId: meta.embedderModelId,
        createdBy: meta.createdBy,
        origin: meta.origin,
      };
      await mkdir(this.options.dir, { recursive: true });
      await atomicWrite(this.fileOf(version.id), JSON.stringify(file));
      await this.writeManifest({ ...this.manifest, models: [...this.manifest.models, version] });
      return version;
    });
  }

  /** Records a validation report for a version that had none (the start-up model's baseline). */
  setReport(id: string, report: ValidationReport): Promise<ModelVersion> {
    return this.exclusive(async () => {
      await this.readManifest();
      const file = await this.read(id);
      await atomicWrite(this.fileOf(id), JSON.stringify({ ...file, report }));
      const models = this.manifest.models.map((m) => (m.id === id ? { ...m, accuracy: report.accuracy } : m));
      await this.writeManifest({ ...this.manifest, models });
      return this.get(id)!;
    });
  }

  /** Moves the live pointer. */
  setLive(id: string): Promise<ModelVersion> {
    return this.exclusive(async () => {
      await this.readManifest();
      if (!this.get(id)) throw new Error(`no model ${id}`);
      await this.writeManifest({ ...this.manifest, live: id });
      return this.get(id)!;
    });
  }

  private get manifestFile(): string {
    return join(this.options.dir, 'manifest.json');
  }

  private fileOf(id: string): string {
    return join(this.options.dir, `model-${id}.json`);
  }

  private async readManifest(): Promise<void> {
    try {
      const parsed = JSON.parse(await readFile(this.manifestFile, 'utf8')) as Manifest;
      if (parsed?.format === 'parley-model-registry' && Array.isArray(parsed.models)) this.manifest = parsed;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }

  private async writeManifest(next: Manifest): Promise<void> {
    await mkdir(this.options.dir, { recursive: true });
    await atomicWrite(this.manifestFile, JSON.stringify(next, null, 2));
    this.manifest = next;
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

async function atomicWrite(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, text);
  await rename(tmp, file);
}
