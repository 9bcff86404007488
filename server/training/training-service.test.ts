/**
 * The deployment gate, versions and the hot swap, with training run in-process (the worker itself is
 * tested in nlp/training/worker.test.ts and over HTTP in tests/training.integration.test.ts).
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IntentRecognizer, type Embedder, type IntentDefinition } from '../../nlp';
import { trainIntents, type ValidationReport } from '../../nlp/training';
import { SMALL_INTENTS, letterVector } from '../../nlp/training/__fixtures__/small-intents';
import type { Intent, Store } from '../../store/ports';
import { LiveLanguageModel } from '../language-model';
import { ModelRegistry } from './model-registry';
import { ModelWorseError, TrainingService } from './training-service';

const INTENTS = SMALL_INTENTS;

/** A deterministic bag-of-letters "embedding", L2-normalised; counts the texts it embeds. */
function fakeEmbedder(): Embedder & { embedded: string[] } {
  const embedded: string[] = [];
  const vector = letterVector;
  return {
    embedded,
    modelId: 'fake/letters',
    dimension: 8,
    async embed(texts) {
      embedded.push(...texts);
      return texts.map(vector);
    },
    async embedOne(text) {
      embedded.push(text);
      return vector(text);
    },
  };
}

function fakeStore(definitions: () => IntentDefinition[]): Pick<Store, 'intents'> {
  return {
    intents: {
      list: async () =>
        definitions().map((d, i): Intent => ({
          id: `i${i}`,
          name: d.name,
          utterances: d.utterances,
          responses: [],
          settings: {},
          version: 1,
          updatedAt: '2026-01-01T00:00:00.000Z',
        })),
    } as unknown as Store['intents'],
  };
}

const report = (accuracy: number): ValidationReport => ({
  format: 'parley-validation-report',
  version: 1,
  folds: 5,
  seed: 1,
  intents: 3,
  utterances: 16,
  evaluated: 16,
  accuracy,
  macroF1: accuracy,
  perIntent: [],
  confusablePairs: [],
  suspectedMislabels: [],
  duplicates: [],
  notEvaluated: [],
});

describe('TrainingService', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'parley-models-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function setup(options: { accuracy?: number; embedder?: Embedder; margin?: number } = {}) {
    let current = INTENTS;
    const embedder = options.embedder;
    const registry = await new ModelRegistry({ dir }).open();
    const initial = await IntentRecognizer.train(INTENTS, { embedder });
    const version = await registry.add(
      {
        model: initial.toJSON(),
        definitions: INTENTS,
        report: options.accuracy === undefined ? null : report(options.accuracy),
      },
      { createdBy: 'system', origin: 'startup', embedderModelId: embedder?.modelId ?? null },
    );
    await registry.setLive(version.id);
    const live = new LiveLanguageModel(initial, { modelId: version.id });
    let candidateAccuracy: number | undefined;
    const service = new TrainingService({
      store: fakeStore(() => current),
      live,
      registry,
      embedder,
      margin: options.margin,
      train: async (request) => {
        const result = await trainIntents(request);
        if (candidateAccuracy !== undefined)
          result.report = { ...result.report, accuracy: candidateAccuracy };
        return result;
      },
    });
    return {
      registry,
      live,
      service,
      startup: version.id,
      setIntents: (next: IntentDefinition[]) => (current = next),
      setCandidateAccuracy: (a: number) => (candidateAccuracy = a),
    };
  }

  it('gates on the margin: at most `margin` below the live accuracy passes, worse needs force', async () => {
    const { service, setCandidateAccuracy, registry, live, startup } = await setup({ accuracy: 0.8 });
    setCandidateAccuracy(0.79);
    const { job: atMargin } = service.start('admin@example.com');
    const ready = await service.settled(atMargin.id);
    expect(ready).toMatchObject({
      status: 'ready',
      comparison: { liveAccuracy: 0.8, candidateAccuracy: 0.79, margin: 0.01, acceptable: true },
    });
    const { model } = await service.deploy(atMargin.id, { actor: 'admin@example.com' });
    expect(model).toMatchObject({ origin: 'deploy', accuracy: 0.79, createdBy: 'admin@example.com' });
    expect(live.modelId).toBe(model.id);
    expect(registry.liveId).toBe(model.id);

    setCandidateAccuracy(0.779);
    const { job: worse } = service.start('admin@example.com');
    await service.settled(worse.id);
    const refused = service.deploy(worse.id, { actor: 'admin@example.com' });
    await expect(refused).rejects.toBeInstanceOf(ModelWorseError);
    await expect(refused).rejects.toMatchObject({
      comparison: { liveAccuracy: 0.79, candidateAccuracy: 0.779 },
    });
    expect(service.get(worse.id)!.status).toBe('refused');
    expect(live.modelId).toBe(model.id);
    const forced = await service.deploy(worse.id, { actor: 'admin@example.com', force: true });
    expect(forced.model.origin).toBe('forced');
    expect(live.modelId).toBe(forced.model.id);

    // Rollback to the start-up model, then forward again.
    await service.activate(startup);
    expect(live.modelId).toBe(startup);
    expect(registry.liveId).toBe(startup);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest.live).toBe(startup);
    expect(manifest.models).toHaveLength(3);
    // No temporary files left behind.
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const reopened = await new ModelRegistry({ dir }).open();
    expect(reopened.liveId).toBe(startup);
    expect(reopened.list().map((m) => m.id)).toEqual(registry.list().map((m) => m.id));
  });

  it('cross-validates the live intents when the live accuracy is unknown, and records it', async () => {
    const { service, registry, startup } = await setup();
    const { job } = service.start('admin@example.com');
    const ready = await service.settled(job.id);
    expect(ready!.comparison!.liveAccuracy).toEqual(expect.any(Number));
    expect(registry.get(startup)!.accuracy).toBe(ready!.comparison!.liveAccuracy);
    expect((await registry.read(startup)).report).toMatchObject({ format: 'parley-validation-report' });
  });

  it('embeds on the calling thread and trains with the vectors; a failed job reports its error', async () => {
    const embedder = fakeEmbedder();
    const { service, setIntents, live } = await setup({ embedder, accuracy: 0 });
    expect(live.recognizer.usesEmbeddings).toBe(true);
    embedder.embedded.length = 0;
    setIntents([...INTENTS, { name: 'thanks', utterances: ['thank you', 'thanks a lot', 'cheers'] }]);
    const { job } = service.start('admin@example.com');
    const ready = await service.settled(job.id);
    expect(ready!.status).toBe('ready');
    expect(new Set(embedder.embedded)).toEqual(
      new Set([...INTENTS.flatMap((i) => i.utterances), 'thank you', 'thanks a lot', 'cheers']),
    );
    const { model } = await service.deploy(job.id, { actor: 'a' });
    expect(model.embedderModelId).toBe('fake/letters');
    expect(live.recognizer.usesEmbeddings).toBe(true);
    expect(live.recognizer.intents).toContain('thanks');

    // A retrain embeds only what is new: the last job's vectors are kept.
    embedder.embedded.length = 0;
    setIntents([...INTENTS, { name: 'thanks', utterances: ['thank you', 'thanks a lot', 'many thanks'] }]);
    const { job: again } = service.start('admin@example.com');
    expect((await service.settled(again.id))!.status).toBe('ready');
    expect(embedder.embedded).toEqual(['many thanks']);

    setIntents([]);
    const { job: failing } = service.start('a');
    expect(await service.settled(failing.id)).toMatchObject({
      status: 'failed',
      error: 'no intents to train',
    });
  });

  it('stops a running job (the worker is terminated) for shutdown', async () => {
    const registry = await new ModelRegistry({ dir }).open();
    const live = new LiveLanguageModel(await IntentRecognizer.train(INTENTS));
    const service = new TrainingService({ store: fakeStore(() => INTENTS), live, registry });
    const { job } = service.start('a');
    await new Promise((resolve) => setTimeout(resolve, 50)); // the worker is starting
    await service.stop();
    expect(service.get(job.id)).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/shutting down/),
    });
    await service.stop(); // nothing running: a no-op
  });
});

describe('LiveLanguageModel', () => {
  it('swaps between analyses; one already running finishes on the old recognizer', async () => {
    const a = await IntentRecognizer.train(INTENTS);
    const b = await IntentRecognizer.train([
      ...INTENTS,
      { name: 'zorblax', utterances: ['zorblax', 'zorblax please', 'the zorblax thing'] },
    ]);
    const live = new LiveLanguageModel(a, { modelId: 'a' });
    const running = live.analyze('zorblax please');
    const previous = live.swap(b, 'b');
    expect(previous).toEqual({ recognizer: a, modelId: 'a' });
    expect((await running).ranking.map((r) => r.intent)).not.toContain('zorblax');
    expect((await live.analyze('zorblax please')).ranking[0].intent).toBe('zorblax');
    expect(live.modelId).toBe('b');
    expect(live.margin()).toBe(0);
  });
});
