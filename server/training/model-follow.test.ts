/**
 * Two nodes on one DATA_DIR share the model registry: a version one of them adds is kept when the
 * other writes, and a model one of them puts live goes live on the other (`follow`). Two registries
 * and two TrainingServices on one real folder stand for the two processes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IntentRecognizer, type IntentDefinition } from '../../nlp';
import { SMALL_INTENTS } from '../../nlp/training/__fixtures__/small-intents';
import type { Store } from '../../store/ports';
import { LiveLanguageModel } from '../language-model';
import { ModelRegistry, type ModelFile } from './model-registry';
import { TrainingService } from './training-service';

const EXTRA: IntentDefinition = {
  name: 'zorblax',
  utterances: ['zorblax', 'zorblax please', 'the zorblax thing', 'where is my zorblax'],
};

const noIntents = { intents: { list: async () => [] } } as unknown as Pick<Store, 'intents'>;

let dir: string;
let startupFile: ModelFile;
let extraFile: ModelFile;
beforeAll(async () => {
  startupFile = {
    model: (await IntentRecognizer.train(SMALL_INTENTS)).toJSON(),
    definitions: SMALL_INTENTS,
    report: null,
  };
  const definitions = [...SMALL_INTENTS, EXTRA];
  extraFile = { model: (await IntentRecognizer.train(definitions)).toJSON(), definitions, report: null };
});
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'parley-follow-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const meta = { createdBy: 'test', origin: 'deploy' as const, embedderModelId: null };

/** One node: its own registry object and live model over the shared folder. */
async function node(live?: { id: string; file: ModelFile }) {
  const registry = await new ModelRegistry({ dir }).open();
  const model = new LiveLanguageModel(IntentRecognizer.fromJSON((live?.file ?? startupFile).model), {
    modelId: live?.id ?? null,
  });
  const training = new TrainingService({ store: noIntents, live: model, registry });
  return { registry, live: model, training };
}

it('keeps a version another node added when this node writes the manifest', async () => {
  const a = await node();
  const b = await node(); // opened before A adds anything
  const fromA = await a.registry.add(startupFile, meta);
  const fromB = await b.registry.add(extraFile, meta);
  await b.registry.setLive(fromB.id);

  const reopened = await new ModelRegistry({ dir }).open();
  expect(reopened.list().map((v) => v.id)).toEqual(expect.arrayContaining([fromA.id, fromB.id]));
  expect(reopened.liveId).toBe(fromB.id);
  // A sees B's version once it reads the manifest again.
  expect(a.registry.get(fromB.id)).toBeUndefined();
  await a.registry.refresh();
  expect(a.registry.liveId).toBe(fromB.id);
});

it('follows the model another node put live, and back again on a rollback there', async () => {
  const seed = await new ModelRegistry({ dir }).open();
  const startup = await seed.add(startupFile, meta);
  await seed.setLive(startup.id);
  const a = await node({ id: startup.id, file: startupFile });
  const b = await node({ id: startup.id, file: startupFile });
  expect((await b.live.analyze('zorblax please')).ranking.map((r) => r.intent)).not.toContain('zorblax');

  // Node A deploys (the registry write and the swap `deploy` does after training).
  const deployed = await a.registry.add(extraFile, meta);
  a.live.swap(IntentRecognizer.fromJSON(extraFile.model), deployed.id);
  await a.registry.setLive(deployed.id);
  expect(await b.training.follow()).toMatchObject({ id: deployed.id });
  expect(b.live.modelId).toBe(deployed.id);
  expect((await b.live.analyze('zorblax please')).ranking[0].intent).toBe('zorblax');
  expect(await b.training.follow()).toBeNull(); // nothing new

  // A rollback made on node B reaches node A.
  await b.training.activate(startup.id);
  expect(await a.training.follow()).toMatchObject({ id: startup.id });
  expect(a.live.modelId).toBe(startup.id);
});

it('reports a live model this node cannot load once, and keeps its own', async () => {
  const seed = await new ModelRegistry({ dir }).open();
  const startup = await seed.add(startupFile, meta);
  await seed.setLive(startup.id);
  const b = await node({ id: startup.id, file: startupFile });
  // A model in a format this node's code does not know (a newer node trained it).
  const broken = await seed.add({ ...extraFile, model: { ...extraFile.model, version: 99 } as never }, meta);
  await seed.setLive(broken.id);
  await expect(b.training.follow()).rejects.toThrow(/cannot run here/);
  expect(await b.training.follow()).toBeNull();
  expect(b.live.modelId).toBe(startup.id);
});
