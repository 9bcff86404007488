import type { AnswerFeedback, TurnRecord } from '../store';
import { clusterReviewItems, contentStems, normalizeText, reviewItems, type ReviewExample } from './review';

/** A fake embedder with hand-set directions: refund e0, gift cards e1, shipping e2, other e3. */
const VECTORS: Record<string, number[]> = {
  'where is my refund': [1, 0, 0, 0],
  'refund not arrived yet': [0.9, 0.1, 0, 0.1],
  'when do i get my money back': [0.8, 0, 0.2, 0.2],
  'gift cards available': [0, 1, 0, 0],
  'gift card': [0.1, 1, 0, 0],
  'can i buy a gift card': [0.2, 1, 0, 0],
  'do you ship to norway': [0.1, 0, 1, 0],
  'blah blah': [0, 0, 0, 1],
  // intents' utterances
  'refund status': [1, 0.1, 0, 0],
  'how much is shipping': [0, 0, 1, 0.1],
  'hello there': [0, 0.2, 0, -1],
};
const unit = (v: number[]) => {
  const n = Math.hypot(...v);
  return Float32Array.from(v.map((x) => x / n));
};
const fakeEmbedder = {
  calls: 0,
  async embed(texts: string[]) {
    this.calls++;
    return texts.map((t) => {
      const v = VECTORS[normalizeText(t)];
      if (!v) throw new Error(`no vector for ${t}`);
      return unit(v);
    });
  },
};

const INTENTS = [
  { id: 'i-refund', name: 'refund.status', utterances: ['refund status', 'where is my refund'] },
  { id: 'i-ship', name: 'shipping.costs', utterances: ['how much is shipping'] },
  { id: 'i-hello', name: 'smalltalk.greeting', utterances: ['hello there'] },
  { id: 'i-empty', name: 'nothing.yet', utterances: [] },
];

let n = 0;
const item = (text: string, at: string, source: ReviewExample['source'] = 'fallback'): ReviewExample => ({
  text,
  conversationId: `c${++n}`,
  seq: source === 'fallback' ? 1 : null,
  source,
  at: `2026-11-02T${at}:00.000Z`,
});

const ITEMS = [
  item('Where is my refund?', '09:00'),
  item('where is my refund', '10:00'),
  item('Refund not arrived yet', '11:00'),
  item('When do I get my money back', '12:00'),
  item('Gift cards available?', '09:30'),
  item('gift card', '09:40'),
  item('Can I buy a gift card', '09:50'),
  item('Do you ship to Norway', '13:00', 'not_helpful'),
  item('blah blah', '14:00'),
];

test('similar messages are grouped, labelled by their most central text, with the closest intent', async () => {
  const result = await clusterReviewItems(ITEMS, INTENTS, { embedder: fakeEmbedder });
  expect(result.method).toBe('embeddings');
  expect(result.items).toBe(9);
  expect(
    result.clusters.map((c) => ({
      size: c.size,
      label: c.label,
      texts: c.examples.map((e) => e.text),
      suggested: c.suggestedIntent?.name,
    })),
  ).toEqual([
    {
      size: 4,
      label: 'Refund not arrived yet', // closest to the centroid (pulled by the repeated question too)
      texts: [
        'When do I get my money back',
        'Refund not arrived yet',
        'where is my refund',
        'Where is my refund?',
      ],
      suggested: 'refund.status',
    },
    {
      size: 3,
      label: 'gift card',
      texts: ['Can I buy a gift card', 'gift card', 'Gift cards available?'],
      suggested: undefined,
    },
    { size: 1, label: 'blah blah', texts: ['blah blah'], suggested: undefined },
    {
      size: 1,
      label: 'Do you ship to Norway',
      texts: ['Do you ship to Norway'],
      suggested: 'shipping.costs',
    },
  ]);
  const refund = result.clusters[0].suggestedIntent!;
  expect(refund).toMatchObject({ id: 'i-refund', name: 'refund.status' });
  expect(refund.similarity).toBeGreaterThan(0.9);
  expect(result.clusters[3].examples[0]).toMatchObject({ source: 'not_helpful', seq: null });
});

test('deterministic: the same items in another order give the same clusters and ids', async () => {
  const a = await clusterReviewItems(ITEMS, INTENTS, { embedder: fakeEmbedder });
  const b = await clusterReviewItems([...ITEMS].reverse(), INTENTS, { embedder: fakeEmbedder });
  expect(b).toEqual(a);
  expect(new Set(a.clusters.map((c) => c.id)).size).toBe(4);
  expect(a.clusters[0].id).toMatch(/^r-[0-9a-f]{12}$/);
});

test('texts already handled are left out; examples are capped', async () => {
  const result = await clusterReviewItems(ITEMS, INTENTS, {
    embedder: fakeEmbedder,
    exclude: (text) => text === 'where is my refund' || text === 'blah blah',
    maxExamples: 2,
  });
  expect(result.items).toBe(6);
  expect(result.clusters.map((c) => [c.size, c.label, c.examples.length])).toEqual([
    [3, 'gift card', 2],
    [2, 'Refund not arrived yet', 2],
    [1, 'Do you ship to Norway', 1],
  ]);
});

test('a higher threshold splits, a lower one merges', async () => {
  const strict = await clusterReviewItems(ITEMS, INTENTS, { embedder: fakeEmbedder, threshold: 0.999 });
  expect(strict.clusters).toHaveLength(8); // the two spellings of "where is my refund" stay one point
  const loose = await clusterReviewItems(ITEMS, INTENTS, { embedder: fakeEmbedder, threshold: -1 });
  expect(loose.clusters).toHaveLength(1);
  expect(loose.clusters[0].size).toBe(9);
});

test('without an embedder (or when it fails) token overlap groups the messages', async () => {
  const texts = [
    item('Where is my refund', '09:00'),
    item('my refund has not arrived', '09:10'),
    item('refund please', '09:20'),
    item('gift card balance', '09:30'),
    item('check my gift card balance', '09:40'),
    item('tent poles broken', '09:50'),
  ];
  const errors: unknown[] = [];
  for (const result of [
    await clusterReviewItems(texts, INTENTS),
    await clusterReviewItems(texts, INTENTS, {
      embedder: { embed: () => Promise.reject(new Error('model gone')) },
      onEmbedderError: (e) => errors.push(e),
    }),
  ]) {
    expect(result.method).toBe('tokens');
    expect(result.clusters.map((c) => [c.size, c.label, c.suggestedIntent?.name])).toEqual([
      [3, 'refund please', 'refund.status'],
      [2, 'gift card balance', undefined],
      [1, 'tent poles broken', undefined],
    ]);
  }
  expect(errors).toHaveLength(1);
});

test('review items: fallback turns and "not helpful" votes with their question, in the period', () => {
  const turn = (
    seq: number,
    createdAt: string,
    fallback: boolean,
    articleId: string | null = null,
  ): TurnRecord => ({
    id: `t${seq}`,
    conversationId: 'c1',
    seq,
    text: `text ${seq}`,
    language: 'en',
    intent: 'none',
    score: 0.1,
    fallback,
    answeredBy: fallback ? 'fallback' : articleId ? 'knowledge' : 'dialog',
    articleId,
    sentiment: 0,
    createdAt,
  });
  const vote = (id: string, helpful: boolean, query: string | null, updatedAt: string): AnswerFeedback => ({
    id,
    answerId: `a-${id}`,
    articleId: 'faq-pay',
    helpful,
    conversationId: 'c1',
    query,
    comment: null,
    createdAt: updatedAt,
    updatedAt,
  });
  const items = reviewItems(
    [
      turn(1, '2026-11-02T09:00:00Z', true),
      turn(3, '2026-11-02T09:01:00Z', false, 'faq-pay'),
      turn(5, '2026-11-02T09:03:00Z', false, 'faq-pay'),
      turn(7, '2026-11-05T09:00:00Z', true), // after the period
    ],
    [
      vote('v1', false, 'do you take klarna', '2026-11-02T09:02:00Z'),
      vote('v2', true, 'paypal?', '2026-11-02T09:02:00Z'),
      vote('v3', false, null, '2026-11-02T09:02:00Z'),
    ],
    { from: '2026-11-02T00:00:00Z', to: '2026-11-03T00:00:00Z' },
  );
  expect(items).toEqual([
    { text: 'text 1', conversationId: 'c1', seq: 1, source: 'fallback', at: '2026-11-02T09:00:00Z' },
    {
      text: 'do you take klarna',
      conversationId: 'c1',
      seq: 3,
      source: 'not_helpful',
      at: '2026-11-02T09:02:00Z',
    },
  ]);
});

test('normalizing and stemming', () => {
  expect(normalizeText('  Where IS   my refund?! ')).toBe('where is my refund');
  expect(contentStems("Where's my refunded parcels? I'm checking boxes")).toEqual([
    'where',
    'refund',
    'parcel',
    'check',
    'box',
  ]);
});
