/**
 * The knowledge base on a real SQLite file with a fast bag-of-stems embedder (test-helpers.ts): indexing,
 * persistence of vectors, incremental updates, answers and their safety, bad queries, feedback, import.
 * knowledge-base.minilm.test.ts runs the real MiniLM model.
 */
import type { Store } from '../store';
import {
  createKnowledgeBase,
  KnowledgeBaseError,
  type KbAnswer,
  type KbSuggestions,
  type KnowledgeBaseOptions,
} from '.';
import { FIXTURE_DIR, fakeEmbedder, tempStores, type FakeEmbedder } from './test-helpers';

const stores = tempStores('parley-kb-facade-');
afterAll(() => stores.cleanup());

/** With the fake embedder, "answer when the best cosine is above ~0.5". */
const TEST_CALIBRATION = {
  coefficients: [-10, 20, 0, 0] as [number, number, number, number],
  threshold: 0.5,
};

async function setup(overrides: Partial<KnowledgeBaseOptions> = {}, store?: Store) {
  const s = store ?? (await stores.open());
  const embedder = (overrides.embedder as FakeEmbedder | undefined) ?? fakeEmbedder();
  let n = 0;
  const kb = createKnowledgeBase({
    store: s,
    embedder,
    calibration: TEST_CALIBRATION,
    newId: () => `answer-${++n}`,
    clock: () => new Date('2026-11-01T12:00:00Z'),
    ...overrides,
  });
  return { kb, store: s, embedder };
}

async function withFixtures(overrides: Partial<KnowledgeBaseOptions> = {}) {
  const ctx = await setup(overrides);
  const report = await ctx.kb.importArticles({ format: 'markdown', dir: FIXTURE_DIR });
  expect(report.problems).toEqual([]);
  return ctx;
}

const asAnswer = (result: unknown): KbAnswer => {
  expect(result).toMatchObject({ kind: 'answer' });
  return result as KbAnswer;
};

describe('build and persistence', () => {
  test('a full build embeds every passage once and stores the vectors; a restart reads them back', async () => {
    const { kb, store, embedder } = await setup();
    await store.articles.importMany([
      {
        id: 'faq-a',
        kind: 'faq',
        title: 'How do I reset my password?',
        body: 'Use the *Forgot password* link.',
      },
      {
        id: 'kb-b',
        kind: 'article',
        title: 'Shipping',
        body: '# Shipping\n\nWe ship from the Netherlands.\n\n## Costs\n\nShipping costs €4.95.',
      },
      { id: 'kb-draft', kind: 'article', title: 'Draft', body: 'Not yet.', published: false },
    ]);
    const first = await kb.build();
    expect(first).toMatchObject({
      documents: 2,
      passages: 5,
      embedded: 5,
      reused: 0,
      pruned: 0,
      clustered: false,
    });
    expect(embedder.embeddedTexts).toBe(5);
    expect(await store.passageEmbeddings.count(embedder.modelId)).toBe(5);
    expect(kb.stats()).toMatchObject({
      documents: 2,
      passages: 5,
      vectors: 5,
      keywordDocs: 4,
      ready: true,
      builtAt: '2026-11-01T12:00:00.000Z',
    });

    const restarted = fakeEmbedder();
    const { kb: again } = await setup({ embedder: restarted }, store);
    expect(await again.build()).toMatchObject({ documents: 2, embedded: 0, reused: 5 });
    expect(restarted.embeddedTexts).toBe(0);
    expect(asAnswer(await again.answer('reset my password')).source.id).toBe('faq-a');
  });

  test('vectors of deleted articles are pruned; a changed passage is re-embedded on the next build', async () => {
    const { kb, store, embedder } = await withFixtures();
    await store.articles.delete('kb-gift-cards');
    const wool = (await store.articles.get('kb-wool-care'))!;
    await store.articles.update(wool.id, wool.version, {
      body: wool.body.replace('Dry it flat', 'Dry it flat on a rack'),
    });
    const before = embedder.embeddedTexts;
    const report = await kb.build();
    expect(report.pruned).toBeGreaterThan(0);
    expect(report.embedded).toBe(0 + (embedder.embeddedTexts - before));
    expect(await store.passageEmbeddings.listForArticle('kb-gift-cards', embedder.modelId)).toEqual([]);
  });

  test('vectors are kept per model key: another model does not reuse them', async () => {
    const { kb, store } = await withFixtures();
    await kb.build();
    const other = fakeEmbedder(64, 'other-model');
    const { kb: kb2 } = await setup({ embedder: other }, store);
    const report = await kb2.build();
    expect(report.reused).toBe(0);
    expect(report.embedded).toBe(report.passages);
  });
});

describe('answers', () => {
  test('a FAQ answer: its whole answer, rendered safely, with source, link, confidence and an id', async () => {
    const { kb } = await withFixtures();
    const answer = asAnswer(await kb.answer('How long do I have to return something?'));
    expect(answer).toMatchObject({
      answerId: 'answer-1',
      text: 'You can return unused items within **30 days** of delivery. Start a return from [your orders page](https://shop.example/orders).',
      plainText:
        'You can return unused items within 30 days of delivery. Start a return from your orders page.',
      markdown:
        'You can return unused items within **30 days** of delivery. Start a return from [your orders page](https://shop.example/orders).',
      condensed: false,
      source: {
        id: 'faq-return-window',
        kind: 'faq',
        title: 'How long do I have to return something?',
        link: '/help/faq-return-window',
      },
      passage: { role: 'answer' },
    });
    expect(answer.html).toBe(
      '<p>You can return unused items within <strong>30 days</strong> of delivery. Start a return from <a href="https://shop.example/orders" rel="noopener noreferrer nofollow" target="_blank">your orders page</a>.</p>',
    );
    expect(answer.confidence).toBeGreaterThanOrEqual(TEST_CALIBRATION.threshold);
    expect(answer.confidence).toBeLessThanOrEqual(1);
  });

  test('an article answer: the best passage, with the section anchor in the link', async () => {
    const { kb } = await withFixtures();
    const answer = asAnswer(await kb.answer('how do I dry wool clothing after washing'));
    expect(answer.source).toEqual({
      id: 'kb-wool-care',
      kind: 'article',
      title: 'Caring for wool clothing',
      link: '/help/kb-wool-care#drying',
    });
    expect(answer.passage).toMatchObject({ role: 'section', headings: ['Drying'], anchor: 'drying' });
    expect(answer.text).toMatch(/^Roll the garment in a towel/);
  });

  test('a long passage is condensed with TextRank to the budget, keeping whole sentences', async () => {
    const { kb } = await withFixtures({ answerMaxChars: 120 });
    const answer = asAnswer(await kb.answer('how do I dry wool clothing after washing'));
    expect(answer.condensed).toBe(true);
    expect(answer.plainText.length).toBeLessThanOrEqual(120);
    expect(answer.passage.text).toContain(answer.plainText.split('. ')[0]);
  });

  test('a custom summariser is used for condensing', async () => {
    const summarize = jest.fn(() => ({ text: 'Short.', truncated: false }));
    const { kb } = await withFixtures({ answerMaxChars: 50, summarize });
    const answer = asAnswer(await kb.answer('how do I dry wool clothing after washing'));
    expect(answer.text).toBe('Short.');
    expect(summarize).toHaveBeenCalledWith(expect.stringContaining('Roll the garment'), { maxChars: 50 });
  });

  test('below the threshold: the closest topics (at most 3), no answer', async () => {
    const { kb } = await withFixtures();
    const result = (await kb.answer('capital city of peru volcano')) as KbSuggestions;
    expect(result).toMatchObject({ kind: 'suggestions', reason: 'low_confidence' });
    expect(result.topics.length).toBeLessThanOrEqual(3);
    expect(result.confidence).toBeLessThan(TEST_CALIBRATION.threshold);
    for (const topic of result.topics)
      expect(topic).toEqual({
        id: expect.any(String),
        kind: expect.any(String),
        title: expect.any(String),
        link: `/help/${topic.id}`,
      });
    const { kb: strict } = await withFixtures({
      calibration: { ...TEST_CALIBRATION, threshold: 1.1 },
      maxTopics: 2,
    });
    const topics = (await strict.answer('return something')) as KbSuggestions;
    expect(topics.topics.map((t) => t.id)[0]).toBe('faq-return-window');
    expect(topics.topics).toHaveLength(2);
  });

  test('an article with script tags answers with text only: no script, no handler, no markup from content', async () => {
    const { kb } = await withFixtures();
    await kb.saveArticle({
      id: 'kb-evil',
      kind: 'article',
      title: 'Loyalty points',
      body: '## Loyalty points\n\nYou collect loyalty points <script>alert("x")</script>on every order <img src=x onerror=alert(1)>. [Details](javascript:alert(1)).',
    });
    const answer = asAnswer(await kb.answer('how do loyalty points work'));
    expect(answer.source.id).toBe('kb-evil');
    expect(answer.html).toBe('<p>You collect loyalty points on every order . Details.</p>');
    expect(answer.text).not.toMatch(/alert|script|onerror/);
  });
});

describe('answers keep the formatting the chat renders', () => {
  const TRACKING =
    'https://carrier.example/track?lang=en&service=express&region=eu&utm_source=parley&utm_medium=chat&utm_campaign=shipping-faq-2026';
  const SPEEDS = `We send parcels with **two delivery speeds** and you choose the delivery speed at checkout.

- **Standard delivery**: free from €50, three to five working days.
- Express delivery: €9.95 extra, next working day when you order before 15:00.

Express delivery is not available to PO boxes or pick-up points. Our warehouse is closed on public holidays, so parcels leave a day later then. You can follow every parcel with [the carrier's tracking page](${TRACKING}) once it ships.

See rates and [delivery times](/help/kb-shipping#rates) for every country we deliver to.`;

  async function withSpeeds(overrides: Partial<KnowledgeBaseOptions> = {}) {
    const ctx = await withFixtures(overrides);
    await ctx.kb.saveArticle({
      id: 'faq-delivery-speeds',
      kind: 'faq',
      title: 'Which delivery speeds can I choose?',
      body: SPEEDS,
    });
    const answer = asAnswer(await ctx.kb.answer('which delivery speeds can I choose'));
    expect(answer.source.id).toBe('faq-delivery-speeds');
    return answer;
  }

  test('a FAQ reply keeps bold, the list and its links with their URLs; plainText has no markup', async () => {
    const answer = await withSpeeds();
    expect(answer.condensed).toBe(false);
    expect(answer.text).toBe(SPEEDS);
    expect(answer.plainText).toBe(
      [
        'We send parcels with two delivery speeds and you choose the delivery speed at checkout.',
        '• Standard delivery: free from €50, three to five working days.',
        '• Express delivery: €9.95 extra, next working day when you order before 15:00.',
        "Express delivery is not available to PO boxes or pick-up points. Our warehouse is closed on public holidays, so parcels leave a day later then. You can follow every parcel with the carrier's tracking page once it ships.",
        'See rates and delivery times for every country we deliver to.',
      ].join('\n'),
    );
  });

  test('condensing keeps whole sentences in their list items and paragraphs, with their markup, within the visible budget', async () => {
    const answer = await withSpeeds({ faqMaxChars: 300 });
    expect(answer.condensed).toBe(true);
    expect(answer.text).toBe(
      [
        'We send parcels with **two delivery speeds** and you choose the delivery speed at checkout.',
        '',
        '- **Standard delivery**: free from €50, three to five working days.',
        '- Express delivery: €9.95 extra, next working day when you order before 15:00.',
        '',
        'See rates and [delivery times](/help/kb-shipping#rates) for every country we deliver to.',
      ].join('\n'),
    );
    // The budget counts what the customer reads: the link's label, not its URL.
    expect(answer.plainText.length).toBeLessThanOrEqual(300);
    expect(answer.text.length).toBeGreaterThan(300);
    expect(answer.html).toContain('<ul><li><strong>Standard delivery</strong>');
  });

  test('a link is never cut: the reply carries each link whole or not at all, at any budget', async () => {
    for (const budget of [60, 90, 120, 180, 240, 320, 400]) {
      const answer = await withSpeeds({ faqMaxChars: budget });
      expect(answer.plainText.length).toBeLessThanOrEqual(budget);
      const links = [...answer.text.matchAll(/\[([^\]]*)\]\(([^)]*)\)/g)].map((m) => `[${m[1]}](${m[2]})`);
      for (const link of links)
        expect([
          "[the carrier's tracking page](" + TRACKING + ')',
          '[delivery times](/help/kb-shipping#rates)',
        ]).toContain(link);
      expect(answer.text.replace(/\[[^\]]*\]\([^)]*\)/g, '')).not.toMatch(/\]\(|https?:/);
    }
  });

  test('an answer never stops at a lead-in: the list it introduces comes with it, or neither does', async () => {
    const ways = [
      '- Drop the parcel at a Marlow Parcel point with the QR code from your return email.',
      '- Book a courier collection from your account for a small fee.',
      '- Bring the item to our Amsterdam showroom and we refund you on the spot.',
    ];
    const body = [
      '## Ways to return an item',
      '',
      'Changed your mind? Unused items with their tags attached can come back within 30 days of delivery, and we refund your original payment method once the return has been inspected. You can return an item in three ways:',
      '',
      ...ways,
    ].join('\n');
    for (const answerMaxChars of [140, 200, 250, 300, 400]) {
      const { kb } = await withFixtures({ answerMaxChars });
      await kb.saveArticle({ id: 'kb-return-ways', kind: 'article', title: 'Ways to return an item', body });
      const answer = asAnswer(await kb.answer('in which ways can I return an item'));
      expect(answer.source.id).toBe('kb-return-ways');
      expect(answer.condensed).toBe(true);
      expect(answer.plainText.length).toBeLessThanOrEqual(answerMaxChars);
      expect(answer.text).not.toMatch(/:$/);
      if (answer.text.includes('three ways:')) expect(answer.text).toContain(`three ways:\n\n${ways[0]}`);
    }
  });

  test("a same-page anchor points at the article's page; unsafe links stay text in the reply", async () => {
    const { kb } = await withFixtures();
    await kb.saveArticle({
      id: 'kb-loyalty',
      kind: 'article',
      title: 'Loyalty points',
      body: '## Loyalty points\n\nYou collect loyalty points on every order, see [how they expire](#expiry). [Details](javascript:alert(1)) and [more](//evil.example/x).\n\n## Expiry\n\nPoints expire after a year.',
    });
    const answer = asAnswer(await kb.answer('how do I collect loyalty points on every order'));
    expect(answer.source.id).toBe('kb-loyalty');
    expect(answer.text).toBe(
      'You collect loyalty points on every order, see [how they expire](/help/kb-loyalty#expiry). Details and more.',
    );
  });
});

describe('bad queries', () => {
  test.each(['', '   ', '?!?', '…', '🙂🙂', '\u200b\u0000'])(
    '%j gives empty_query suggestions',
    async (query) => {
      const { kb } = await withFixtures();
      expect(await kb.answer(query)).toEqual({
        kind: 'suggestions',
        reason: 'empty_query',
        topics: [],
        confidence: 0,
      });
      expect(await kb.search(query, 5)).toEqual([]);
    },
  );

  test('a non-string query is a KnowledgeBaseError', async () => {
    const { kb } = await withFixtures();
    await expect(kb.answer(undefined as unknown as string)).rejects.toThrow(KnowledgeBaseError);
    await expect(kb.search(42 as unknown as string)).rejects.toMatchObject({ code: 'invalid_query' });
  });

  test('a very long query is cut and still answered', async () => {
    const { kb, embedder } = await withFixtures();
    const query = `how long do I have to return something ${'really '.repeat(20_000)}`;
    const started = Date.now();
    const result = await kb.answer(query);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(['answer', 'suggestions']).toContain(result.kind);
    expect(embedder.calls.at(-1)![0].length).toBeLessThanOrEqual(1000);
  });

  test('nothing indexed yet: no_content', async () => {
    const { kb } = await setup();
    expect(await kb.answer('return')).toEqual({
      kind: 'suggestions',
      reason: 'no_content',
      topics: [],
      confidence: 0,
    });
  });
});

describe('search', () => {
  test('hybrid, embeddings and bm25 modes; k bounds the hits', async () => {
    const { kb, embedder } = await withFixtures();
    const hits = await kb.search('pitch a tent in the rain', 3);
    expect(hits.length).toBeLessThanOrEqual(3);
    expect(hits[0]).toMatchObject({
      id: 'kb-tent-pitching',
      kind: 'article',
      locale: 'en',
      link: expect.stringMatching(/^\/help\/kb-tent-pitching/),
    });
    expect(hits[0].snippet.length).toBeLessThanOrEqual(200);
    for (let i = 1; i < hits.length; i++) expect(hits[i].score).toBeLessThanOrEqual(hits[i - 1].score);
    const calls = embedder.calls.length;
    const keywordOnly = await kb.search('gift card balance', 5, { mode: 'bm25' });
    expect(embedder.calls.length).toBe(calls); // no query embedding for keyword-only search
    expect(keywordOnly[0].id).toBe('kb-gift-cards');
    expect(keywordOnly.every((h) => h.keyword > 0)).toBe(true);
    expect((await kb.search('gift card balance', 5, { mode: 'embeddings' }))[0].embedding).toEqual(
      expect.any(Number),
    );
    expect(await kb.search('gift card', 0)).toEqual([]);
  });

  test('locale: answers come from the query language when it has content, else the default', async () => {
    const { kb } = await withFixtures();
    await kb.saveArticle({
      id: 'faq-de-return',
      kind: 'faq',
      title: 'Wie lange habe ich Zeit für eine Rücksendung?',
      body: '30 Tage.',
      locale: 'de',
    });
    expect((await kb.search('Rücksendung Zeit', 5, { locale: 'de-AT' })).map((h) => h.id)).toEqual([
      'faq-de-return',
    ]);
    expect(asAnswer(await kb.answer('return something how long', { locale: 'fr' })).source.id).toBe(
      'faq-return-window',
    );
    expect((await kb.search('return something', 10, { locale: 'en' })).map((h) => h.id)).not.toContain(
      'faq-de-return',
    );
  });

  test("a FAQ hit carries the FAQ's answer, the text an agent can send, whichever phrasing matched", async () => {
    const { kb } = await withFixtures();
    const answer =
      'You can return unused items within 30 days of delivery. Start a return from your orders page.';
    for (const query of ['how long do I have to return something', 'send back an item I bought last month']) {
      const [hit] = await kb.search(query, 3);
      expect(hit).toMatchObject({ id: 'faq-return-window', kind: 'faq', link: '/help/faq-return-window' });
      expect(hit.passage.role).not.toBe('answer');
      expect(hit.snippet).toBe(answer);
      expect(asAnswer(await kb.answer(query)).plainText).toBe(answer);
    }
    // A long FAQ answer is condensed as the bot would reply it, never cut mid-sentence.
    const { kb: short } = await withFixtures({ faqMaxChars: 60 });
    const [hit] = await short.search('how long do I have to return something', 1);
    expect(hit.snippet).toBe('You can return unused items within 30 days of delivery.');
  });

  test("an article hit's snippet is the bot's reply in plain text: whole sentences, never cut mid-sentence", async () => {
    // Any confidence answers, so the bot's reply can be compared with the snippet.
    const { kb } = await withFixtures({ calibration: { ...TEST_CALIBRATION, threshold: 0 } });
    const sentences = [
      "Wool needs far less washing than you'd think.",
      'Air it overnight after wearing and it freshens up by itself.',
      'When it does need a wash, use a wool programme at 30 °C or hand wash in cool water with a wool detergent, never fabric softener.',
      'Roll it in a towel to press out the water and dry it flat, away from radiators and direct sun.',
      'Store knitwear folded rather than hung, with a cedar block if moths are about.',
      'Merino base layers can go in with a normal wash at 30 °C inside a laundry bag, and they dry overnight on a rack.',
    ];
    const washing = sentences.join(' ');
    await kb.saveArticle({
      id: 'kb-care-instructions',
      kind: 'article',
      title: 'Care instructions',
      body: `## Wool and merino\n\n${washing}\n\nSee [our returns page](/help/kb-returns) if a jumper shrank on its first wash.`,
    });
    const query = 'care instructions: merino base layers in a laundry bag, knitwear and radiators';
    const [hit] = await kb.search(query, 3);
    expect(hit.id).toBe('kb-care-instructions');
    const answer = asAnswer(await kb.answer(query));
    expect(answer.source.id).toBe('kb-care-instructions');
    expect(hit.snippet).toBe(answer.plainText);
    expect(hit.snippet).not.toContain('…');
    expect(hit.snippet).toContain('hand wash in cool water with a wool detergent, never fabric softener.');
    expect(hit.snippet).not.toContain('](');
    expect(hit.snippet.length).toBeLessThanOrEqual(400);
    const whole = [...sentences, 'See our returns page if a jumper shrank on its first wash.'];
    for (const sentence of hit.snippet.split(/(?<=[.!?])\s+/)) expect(whole).toContain(sentence);
  });

  test('the wink engine gives the same kind of results', async () => {
    const { kb } = await withFixtures({ keywordEngine: 'wink' });
    expect(kb.stats().keywordEngine).toBe('wink');
    expect((await kb.search('gift card balance', 3, { mode: 'bm25' }))[0].id).toBe('kb-gift-cards');
    expect(asAnswer(await kb.answer('which payment methods do you accept')).source.id).toBe(
      'faq-payment-methods',
    );
  });
});

describe('incremental updates', () => {
  test('saving an article with one changed paragraph re-embeds only that passage, in place', async () => {
    const { kb, store, embedder } = await withFixtures();
    const before = embedder.embeddedTexts;
    const wool = (await store.articles.get('kb-wool-care'))!;
    const saved = await kb.saveArticle({
      ...wool,
      body: wool.body.replace('keep moths away.', 'keep moths away. Lavender bags work too.'),
    });
    expect(saved.version).toBe(wool.version + 1);
    expect(embedder.embeddedTexts - before).toBe(1);
    const [hit] = await kb.search('lavender bags against moths', 1);
    expect(hit).toMatchObject({ id: 'kb-wool-care', passage: { anchor: 'storing' } });
    expect(hit.passage.text).toContain('Lavender bags work too.');
    const stored = await store.passageEmbeddings.listForArticle('kb-wool-care', embedder.modelId);
    expect(stored.every((row) => row.articleVersion === saved.version)).toBe(true);
    // Re-indexing an unchanged article embeds nothing.
    const report = await kb.upsertArticle('kb-wool-care');
    expect(report).toMatchObject({ indexed: true, embedded: 0 });
  });

  test('unpublishing removes from answers; removeArticle deletes content, vectors and index entries', async () => {
    const { kb, store, embedder } = await withFixtures();
    const gift = (await store.articles.get('kb-gift-cards'))!;
    await kb.saveArticle({ ...gift, published: false });
    expect((await kb.search('gift card', 5)).map((h) => h.id)).not.toContain('kb-gift-cards');
    expect(await kb.removeArticle('kb-gift-cards')).toBe(true);
    expect(await store.articles.get('kb-gift-cards')).toBeNull();
    expect(await store.passageEmbeddings.count(embedder.modelId)).toBe((await kb.stats()).vectors);
    expect(await kb.removeArticle('kb-gift-cards')).toBe(false);
  });

  test('sync picks up changes made to the store directly', async () => {
    const { kb, store } = await withFixtures();
    const tent = (await store.articles.get('kb-tent-pitching'))!;
    await store.articles.update(tent.id, tent.version, { title: 'Tents: pitching and packing' });
    await store.articles.delete('faq-change-address');
    await store.articles.create({
      id: 'faq-new',
      kind: 'faq',
      title: 'Do you ship to Norway?',
      body: 'Yes, in 4–6 days.',
    });
    const report = await kb.sync();
    expect(report.upserted.sort()).toEqual(['faq-new', 'kb-tent-pitching']);
    expect(report.removed).toEqual(['faq-change-address']);
    expect(report.unchanged).toBe(5);
    expect(asAnswer(await kb.answer('do you ship to norway')).source.id).toBe('faq-new');
  });

  test('sync re-indexes an article deleted and re-created under the same id (version 1 again, same clock tick)', async () => {
    // A fixed store clock: the re-created article has the same version and updatedAt as the old one.
    const store = await stores.open(undefined, { clock: () => new Date('2026-11-01T12:00:00Z') });
    const { kb } = await setup({}, store);
    await store.articles.create({
      id: 'kb-care',
      kind: 'article',
      title: 'Kayak care',
      body: 'Rinse kayak paddles with fresh water after every trip.',
    });
    await store.articles.create({
      id: 'kb-other',
      kind: 'article',
      title: 'Gift cards',
      body: 'Gift cards never expire.',
    });
    await kb.build();
    const bm25 = async (query: string) => (await kb.search(query, 5, { mode: 'bm25' })).map((h) => h.id);
    expect(await bm25('kayak paddles')).toEqual(['kb-care']);

    await store.articles.delete('kb-care');
    const recreated = await store.articles.create({
      id: 'kb-care',
      kind: 'article',
      title: 'Helmet care',
      body: 'Wipe bicycle helmets with a damp cloth.',
    });
    expect(recreated).toMatchObject({ version: 1, updatedAt: '2026-11-01T12:00:00.000Z' });

    const report = await kb.sync();
    expect(report).toEqual({ upserted: ['kb-care'], removed: [], unchanged: 1 });
    expect(await bm25('bicycle helmets')).toEqual(['kb-care']);
    expect(await bm25('kayak paddles')).toEqual([]);
    expect((await kb.search('wipe bicycle helmets', 1))[0]).toMatchObject({
      id: 'kb-care',
      title: 'Helmet care',
    });
    // Nothing changed since: the next sync re-indexes nothing.
    expect(await kb.sync()).toEqual({ upserted: [], removed: [], unchanged: 2 });
  });

  test('a refused import changes neither the store nor the index', async () => {
    const { kb, store } = await withFixtures();
    const before = kb.stats();
    const report = await kb.importArticles({
      format: 'json',
      text: JSON.stringify([
        { id: 'faq-ok', kind: 'faq', title: 'Fine?', body: 'Yes.' },
        { id: 'faq-ok', kind: 'faq', title: 'Twice?', body: 'No.' },
      ]),
    });
    expect(report.ok).toBe(false);
    expect(await store.articles.get('faq-ok')).toBeNull();
    expect(kb.stats()).toEqual(before);
  });

  test('queries during a build see the old or the new index, never half of one', async () => {
    const { kb } = await withFixtures();
    const results = await Promise.all([
      kb.build(),
      kb.answer('which payment methods do you accept'),
      kb.build(),
      kb.search('gift card', 3),
    ]);
    expect(asAnswer(results[1]).source.id).toBe('faq-payment-methods');
    expect((results[3] as { id: string }[])[0].id).toBe('kb-gift-cards');
  });
});

describe('feedback', () => {
  test('"did this help?" is stored per answer; helpfulness per article with titles and rates', async () => {
    const { kb } = await withFixtures();
    const a1 = asAnswer(await kb.answer('which payment methods do you accept'));
    const a2 = asAnswer(await kb.answer('can I pay with paypal'));
    const a3 = asAnswer(await kb.answer('how long does delivery take'));
    await kb.recordFeedback({
      answerId: a1.answerId,
      sourceId: a1.source.id,
      helpful: true,
      query: 'which payment methods do you accept',
    });
    await kb.recordFeedback({
      answerId: a2.answerId,
      sourceId: a2.source.id,
      helpful: false,
      comment: '  no   iDEAL? ',
    });
    const revote = await kb.recordFeedback({ answerId: a3.answerId, sourceId: a3.source.id, helpful: false });
    expect(revote.helpful).toBe(false);
    await kb.recordFeedback({ answerId: a3.answerId, sourceId: a3.source.id, helpful: true });
    const rows = await kb.helpfulness();
    expect(rows).toEqual([
      {
        articleId: 'faq-payment-methods',
        title: 'Which payment methods do you accept?',
        kind: 'faq',
        helpful: 1,
        notHelpful: 1,
        total: 2,
        rate: 0.5,
        rateLowerBound: expect.closeTo(0.0945, 3),
        lastVoteAt: expect.any(String),
      },
      expect.objectContaining({
        articleId: 'faq-delivery-time',
        helpful: 1,
        notHelpful: 0,
        total: 1,
        rate: 1,
      }),
    ]);
  });

  test('feedback for unknown sources or with bad input is refused clearly', async () => {
    const { kb } = await withFixtures();
    await expect(kb.recordFeedback({ answerId: 'x', sourceId: 'nope', helpful: true })).rejects.toMatchObject(
      { code: 'not_found' },
    );
    await expect(
      kb.recordFeedback({
        answerId: 'x',
        sourceId: 'faq-delivery-time',
        helpful: 'yes' as unknown as boolean,
      }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(
      kb.recordFeedback({ answerId: '', sourceId: 'faq-delivery-time', helpful: true }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
  });
});

describe('export', () => {
  test('exportArticles goes through the store', async () => {
    const { kb } = await withFixtures();
    const result = await kb.exportArticles({ format: 'json', kind: 'article' });
    expect(result.count).toBe(3);
  });
});
