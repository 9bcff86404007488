/**
 * @jest-environment ./nlp/embeddings/onnx-test-environment.ts
 */
/**
 * The review's grouping with the real all-MiniLM-L6-v2 embedder, when its converted model folder is
 * present (<repo>/models/all-MiniLM-L6-v2; `npm run build:model` or any test that embeds builds it):
 * paraphrases of one need land together, different needs apart, and the closest intent is suggested.
 */
import {
  createTransformersEmbedder,
  defaultMiniLmDir,
  isModelFolderComplete,
  type TransformersEmbedder,
} from '../nlp/embeddings';
import { clusterReviewItems, type ReviewExample } from './review';

const present = isModelFolderComplete(defaultMiniLmDir());
const maybe = present ? test : test.skip;
if (!present) console.warn(`analytics MiniLM test skipped: no model folder at ${defaultMiniLmDir()}`);

let embedder: TransformersEmbedder | undefined;
beforeAll(async () => {
  if (present) embedder = await createTransformersEmbedder({ cacheSize: 200 });
}, 120_000);
afterAll(async () => {
  await embedder?.dispose();
});

const TEXTS = [
  'can I pay with klarna',
  'do you accept klarna payments',
  'is klarna an option at checkout',
  'my discount code is not working',
  'the promo code says invalid',
  'voucher code rejected at checkout',
  'do you sell replacement tent poles',
  'where can I buy spare poles for my tent',
];

const INTENTS = [
  {
    id: 'i-pay',
    name: 'payment.methods',
    utterances: ['what payment methods do you accept', 'can I pay with paypal', 'do you take credit cards'],
  },
  {
    id: 'i-ship',
    name: 'shipping.costs',
    utterances: ['how much is shipping', 'what does delivery cost', 'is shipping free'],
  },
  {
    id: 'i-return',
    name: 'return.item',
    utterances: ['I want to return an item', 'how do I send something back', 'start a return'],
  },
];

maybe(
  'paraphrases group together, needs stay apart, the payment group suggests payment.methods',
  async () => {
    const items: ReviewExample[] = TEXTS.map((text, i) => ({
      text,
      conversationId: `c${i}`,
      seq: 1,
      source: 'fallback',
      at: `2026-11-02T09:0${i}:00.000Z`,
    }));
    const result = await clusterReviewItems(items, INTENTS, { embedder });
    expect(result.method).toBe('embeddings');
    const groups = result.clusters.map((c) => c.examples.map((e) => e.text).sort());
    expect(groups).toEqual(
      expect.arrayContaining([
        ['can I pay with klarna', 'do you accept klarna payments', 'is klarna an option at checkout'],
        ['do you sell replacement tent poles', 'where can I buy spare poles for my tent'],
      ]),
    );
    const codes = result.clusters.filter((c) => c.examples.some((e) => /code/.test(e.text)));
    expect(codes).toHaveLength(1);
    expect(codes[0].examples.map((e) => e.text).sort()).toEqual(
      expect.arrayContaining(['my discount code is not working', 'the promo code says invalid']),
    );
    const klarna = result.clusters.find((c) => c.examples.some((e) => e.text === 'can I pay with klarna'))!;
    expect(klarna.suggestedIntent?.name).toBe('payment.methods');
    expect(klarna.suggestedIntent!.similarity).toBeGreaterThan(0.4);
    // Measured: klarna → payment.methods 0.45; codes → payment.methods 0.30; poles → shipping.costs 0.20.
    expect(codes[0].suggestedIntent).toBeUndefined();
    const poles = result.clusters.find((c) => c.examples.some((e) => /poles/.test(e.text)))!;
    expect(poles.suggestedIntent).toBeUndefined();
  },
  60_000,
);
