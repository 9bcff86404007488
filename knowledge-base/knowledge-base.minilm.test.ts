/**
 * @jest-environment ./nlp/embeddings/onnx-test-environment.ts
 */
/**
 * The knowledge base with the real all-MiniLM-L6-v2 embedder (the converted model folder under
 * <repo>/models, built on first use), the default fusion weights and the default calibration: paraphrased
 * questions find the right FAQ or article section, an unrelated question is not answered, and a
 * restart reads the stored vectors back instead of embedding again.
 */
import { createTransformersEmbedder, type TransformersEmbedder } from '../nlp/embeddings';
import { createKnowledgeBase, type KbAnswer, type KnowledgeBase } from '.';
import { FIXTURE_DIR, tempStores } from './test-helpers';

const stores = tempStores('parley-kb-minilm-');
let embedder: TransformersEmbedder;
let kb: KnowledgeBase;
let file: string;

beforeAll(async () => {
  embedder = await createTransformersEmbedder({ cacheSize: 100 });
  file = stores.file('minilm.sqlite');
  const store = await stores.open(file);
  kb = createKnowledgeBase({ store, embedder });
  const report = await kb.importArticles({ format: 'markdown', dir: FIXTURE_DIR });
  expect(report.ok).toBe(true);
}, 180_000);

afterAll(async () => {
  await embedder?.dispose();
  await stores.cleanup();
});

test.each([
  ["what's the deadline for sending items back?", 'faq-return-window', ''],
  ['my parcel should go to a different address', 'faq-change-address', ''],
  ['do you take paypal', 'faq-payment-methods', ''],
  ['when will my package get here', 'faq-delivery-time', ''],
  ['how do I keep moths out of my jumpers over the summer', 'kb-wool-care', 'storing'],
  ['can I put my wool sweater in the tumble dryer', 'kb-wool-care', 'drying'],
  ['I lost my gift voucher', 'kb-gift-cards', 'lost-gift-cards'],
  ['where should I put up my tent', 'kb-tent-pitching', 'choosing-a-pitch'],
])('%s → %s', async (query, id, anchor) => {
  const result = await kb.answer(query);
  expect(result.kind).toBe('answer');
  const answer = result as KbAnswer;
  expect(answer.source.id).toBe(id);
  expect(answer.passage.anchor).toBe(anchor);
  expect(answer.confidence).toBeGreaterThan(kb.scoring.calibration.threshold);
});

test.each([
  'what is the weather in paris tomorrow',
  'tell me a joke about penguins',
  'how tall is mount everest',
])('out of scope: %s → suggestions, not a guess', async (query) => {
  const result = await kb.answer(query);
  expect(result).toMatchObject({ kind: 'suggestions', reason: 'low_confidence' });
});

test('hybrid ranks the right FAQ first and never below the embeddings-only ranking here', async () => {
  for (const [query, id] of [
    ['what ways can I pay for my order', 'faq-payment-methods'],
    ['how many days until my order arrives', 'faq-delivery-time'],
  ]) {
    const hybrid = await kb.search(query, 3);
    const embeddings = await kb.search(query, 3, { mode: 'embeddings' });
    expect(hybrid[0].id).toBe(id);
    expect(hybrid.findIndex((h) => h.id === id)).toBeLessThanOrEqual(
      embeddings.findIndex((h) => h.id === id),
    );
  }
});

test('a restart reads the stored vectors back: nothing is embedded again', async () => {
  const store = await stores.open(file);
  const restarted = createKnowledgeBase({ store, embedder });
  const report = await restarted.build();
  expect(report).toMatchObject({ documents: 7, embedded: 0 });
  expect(report.reused).toBe(report.passages);
  expect(((await restarted.answer('do you take paypal')) as KbAnswer).source.id).toBe('faq-payment-methods');
}, 60_000);
