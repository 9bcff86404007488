/** The keyword-only article search ranks as the knowledge base does in bm25 mode, and holds no drafts. */
import type { Article } from '../store';
import { createArticleKeywordSearch } from './article-keywords';
import { createKnowledgeBase } from './knowledge-base';
import { FIXTURE_DIR, fakeEmbedder, tempStores } from './test-helpers';

const stores = tempStores('parley-kb-keywords-');
afterAll(() => stores.cleanup());

async function fixtures() {
  const store = await stores.open();
  const kb = createKnowledgeBase({ store, embedder: fakeEmbedder() });
  const report = await kb.importArticles({ format: 'markdown', dir: FIXTURE_DIR });
  expect(report.problems).toEqual([]);
  return { store, kb };
}

test('the same articles, order and best passage as the knowledge base in bm25 mode', async () => {
  const { store, kb } = await fixtures();
  await kb.saveArticle({
    id: 'kb-returns',
    kind: 'article',
    title: 'Returning an item',
    body: '## By post\n\nPrint the label and post the parcel.\n\n## In the shop\n\nBring the item and the receipt to the shop; we refund you there.',
    tags: ['returns'],
  });
  const search = createArticleKeywordSearch();
  search.update(await store.articles.list());
  const queries = [
    'return an item',
    'gift card balance',
    'wool washing drying',
    'tent in the wind',
    'how long does delivery take',
    'change my address',
    'refund receipt shop',
    'paypal card',
  ];
  for (const query of queries) {
    const ours = search.search(query);
    const kbHits = await kb.search(query, 100, { mode: 'bm25' });
    expect(ours.length).toBeGreaterThan(0);
    expect(ours.map((h) => [h.article.id, h.passage.index])).toEqual(
      kbHits.map((h) => [h.id, h.passage.index]),
    );
    expect(ours.map((h) => h.score)).toEqual(kbHits.map((h) => h.score));
  }
  expect(search.search('   ')).toEqual([]);
  expect(search.search('zzzz qqqq')).toEqual([]);
});

test('drafts are never indexed; an update drops unpublished and deleted articles and re-reads changed ones', async () => {
  const { store } = await fixtures();
  const draft = await store.articles.create({
    id: 'kb-winter-sale',
    kind: 'article',
    title: 'Unannounced winter sale',
    body: 'Everything half price from the first of December.',
    published: false,
  });
  const search = createArticleKeywordSearch();
  search.update(await store.articles.list());
  expect(search.search('winter sale half price')).toEqual([]);

  const published = await store.articles.update(draft.id, draft.version, { published: true });
  search.update(await store.articles.list());
  expect(search.search('winter sale').map((h) => h.article.id)).toEqual(['kb-winter-sale']);

  const changed = await store.articles.update(draft.id, published.version, {
    body: 'Sale starts on the first of December.',
  });
  search.update(await store.articles.list());
  expect(search.search('half price')).toEqual([]);
  expect(search.search('december')[0].article.version).toBe(changed.version);

  const all = await store.articles.list();
  search.update(all.map((a): Article => (a.id === draft.id ? { ...a, published: false } : a)));
  expect(search.search('winter sale')).toEqual([]);
  search.update(all.filter((a) => a.id !== 'kb-gift-cards'));
  expect(search.search('gift card balance').map((h) => h.article.id)).not.toContain('kb-gift-cards');
});
