/**
 * @jest-environment ./nlp/embeddings/onnx-test-environment.ts
 */
/**
 * The demo shop's articles and FAQs (server/seed) with the real all-MiniLM-L6-v2 embedder: realistic
 * questions get answers that never end on a sentence pointing at text they leave out ("The delivery
 * times below…", "Here is how they behave."), and the ones that used to get what was pointed at.
 */
import { createTransformersEmbedder, type TransformersEmbedder } from '../nlp/embeddings';
import { demoKnowledgeBase } from '../server/seed';
import { splitSentences } from '../nlp/summarize';
import { createKnowledgeBase, type KbAnswer, type KnowledgeBase } from '.';
import { isLeadIn } from './lead-in';
import { tempStores } from './test-helpers';

const stores = tempStores('parley-kb-demo-');
let embedder: TransformersEmbedder;
/** Every demo article and FAQ. */
let full: KnowledgeBase;
/** The articles alone: where a shop has no FAQ for a question, an article section answers it. */
let articles: KnowledgeBase;

async function demoKb(keep: (kind: string) => boolean): Promise<KnowledgeBase> {
  const store = await stores.open();
  for (const article of demoKnowledgeBase()) if (keep(article.kind)) await store.articles.create(article);
  const kb = createKnowledgeBase({ store, embedder });
  await kb.build();
  return kb;
}

beforeAll(async () => {
  embedder = await createTransformersEmbedder({ cacheSize: 200 });
  full = await demoKb(() => true);
  articles = await demoKb((kind) => kind === 'article');
}, 180_000);

afterAll(async () => {
  await embedder?.dispose();
  await stores.cleanup();
});

const answerTo = async (kb: KnowledgeBase, query: string): Promise<KbAnswer> => {
  const result = await kb.answer(query);
  expect(result.kind).toBe('answer');
  return result as KbAnswer;
};

/** A delivery time as the shop writes one: "1–2 business days", "1 business day". */
const DELIVERY_TIME = /\b\d+(?:–\d+)? business days?\b/;

test('how long shipping takes: the answer gives a delivery time, not a pointer to one', async () => {
  for (const [kb, query] of [
    [articles, 'how long does shipping take'],
    [full, 'how long does shipping take'],
    [full, 'what are the delivery times'],
  ] as const) {
    const answer = await answerTo(kb, query);
    expect(answer.plainText).toMatch(DELIVERY_TIME);
    if (answer.source.id === 'kb-shipping-times-and-costs' && answer.text.includes('times below'))
      expect(answer.text).toMatch(/times below[^\n]*\n\n- Destination: [^\n]*Standard delivery: \d/);
  }
});

test('the rules for discount codes: the answer has the rules, at least the first one', async () => {
  for (const kb of [full, articles]) {
    const answer = await answerTo(kb, 'what are the rules for discount codes');
    expect(answer.source.id).toBe('kb-discount-codes');
    expect(answer.text).toContain("- One code per order; codes can't be combined with each other.");
    expect(answer.plainText.length).toBeLessThanOrEqual(400);
  }
});

const QUESTIONS = [
  'how long does shipping take',
  'what are the delivery times',
  'what are the rules for discount codes',
  'how do discount codes work',
  'can I use two discount codes',
  'how do I return an item',
  'when will I get my refund',
  'how much is shipping to the UK',
  'do I pay customs in the US',
  'how do I wash my wool sweater',
  'what does the warranty cover',
  'how do I reset my password',
  'can I cancel my order',
  'my parcel is late',
  'which payment methods do you accept',
  'my payment failed',
  'do gift cards expire',
  'what size should I get',
  'how do I contact you',
  'my item arrived damaged',
  'how do I delete my account',
  'can I change my delivery address',
  'what are your opening hours',
];

test.each(QUESTIONS)('"%s": no answer ends on a lead-in', async (query) => {
  for (const kb of [full, articles]) {
    const result = await kb.answer(query);
    if (result.kind !== 'answer') continue;
    const sentences = splitSentences(result.plainText, true);
    const last = sentences[sentences.length - 1]?.text ?? '';
    expect(isLeadIn(last)).toBe(false);
    // Nor does what an agent is offered for it.
    for (const hit of await kb.search(query, 3)) {
      const snippet = splitSentences(hit.snippet, true);
      expect(isLeadIn(snippet[snippet.length - 1]?.text ?? '')).toBe(false);
    }
  }
});
