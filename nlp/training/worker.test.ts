/**
 * The worker for real: a worker thread started from this TypeScript source (tsx's hook registered by
 * the bootstrap), with precomputed vectors standing in for an embedder.
 */
import { IntentRecognizer } from '../intents';
import { textsToEmbed, trainInWorker, trainIntents, workerEntry } from './index';
import { SMALL_INTENTS as INTENTS, letterVector } from './__fixtures__/small-intents';

jest.setTimeout(60_000);

describe('trainInWorker', () => {
  it('runs the TypeScript entry under jest', () => {
    expect(workerEntry().entry).toMatch(/worker\.ts$/);
  });

  it('trains in a worker thread while the main thread keeps running', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const stages: string[] = [];
    const started = Date.now();
    const result = await trainInWorker(
      { definitions: INTENTS, validation: { folds: 3 } },
      { onProgress: (p) => stages.push(p.stage) },
    );
    clearInterval(timer);
    const elapsed = Date.now() - started;
    expect(stages).toEqual(['validation', 'training']);
    expect(result.report.evaluated).toBe(16);
    expect(result.model.format).toBe('parley-intent-recognizer');
    // The main thread's timer kept firing: at least a tick per 50 ms.
    expect(ticks).toBeGreaterThan(elapsed / 50);
    const recognizer = IntentRecognizer.fromJSON(result.model);
    expect((await recognizer.recognize('where is my order please')).ranking[0].intent).toBe('order_status');
    // The same request in-process gives the same report and model.
    const local = await trainIntents({ definitions: INTENTS, validation: { folds: 3 } });
    expect(local.report).toEqual(result.report);
    expect(local.model).toEqual(result.model);
  });

  it('trains with precomputed vectors (no embedder in the worker)', async () => {
    const texts = textsToEmbed(INTENTS);
    const result = await trainInWorker({
      definitions: INTENTS,
      validation: { folds: 3 },
      embeddings: { modelId: 'fake/letters', dimension: 8, texts, vectors: texts.map(letterVector) },
    });
    expect(result.model.embedder).toEqual({ modelId: 'fake/letters', dimension: 8 });
    expect(result.model.ensemble.embedding).toBeDefined();
  });

  it('reports a training error and can be aborted', async () => {
    await expect(trainInWorker({ definitions: [] })).rejects.toThrow('no intents to train');
    const controller = new AbortController();
    const running = trainInWorker({ definitions: INTENTS }, { signal: controller.signal });
    controller.abort(new Error('stop'));
    await expect(running).rejects.toThrow('stop');
  });
});
