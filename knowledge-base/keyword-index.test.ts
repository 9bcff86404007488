import { createKeywordIndex, keywordTokens, oneEditVariants, type KeywordEngine } from './keyword-index';

const docs = [
  { id: 'a#0', title: 'Returning an item', body: 'You can return unused items within 30 days.' },
  { id: 'b#0', title: 'Delivery times', body: 'Standard delivery takes two to four days.' },
  { id: 'c#0', title: 'Wool care', body: 'Wash wool by hand in lukewarm water.' },
  { id: 'd#0', title: 'Gift cards', body: 'Gift cards are valid for two years.' },
];

test('tokens: stemmed content words, stopwords and punctuation dropped', () => {
  expect(keywordTokens('How do I return the items I bought?!')).toEqual(['return', 'item', 'bought']);
  expect(keywordTokens('?!… 🙂')).toEqual([]);
});

test('one edit: a letter dropped, two neighbours swapped, a letter changed or added', () => {
  const variants = oneEditVariants('retrun');
  for (const near of ['return', 'retun', 'etrun', 'retrunn', 'redrun']) expect(variants.has(near)).toBe(true);
  expect(variants.has('retrun')).toBe(false);
  expect(variants.has('rtuern')).toBe(false);
  expect(variants.has('retrunns')).toBe(false);
  // n deletions, n - 1 swaps, 26 changes and 27 insertions per position at most.
  expect(variants.size).toBeLessThanOrEqual(6 + 5 + 6 * 26 + 7 * 26);
});

describe.each<KeywordEngine>(['postings', 'minisearch', 'wink'])('%s', (engine) => {
  test('finds by stemmed terms, title boosted, best first', () => {
    const index = createKeywordIndex(engine);
    index.add(docs);
    expect(index.size).toBe(4);
    const hits = index.search('returning items', 10);
    expect(hits[0].id).toBe('a#0');
    expect(hits[0].score).toBeGreaterThan(0);
    expect(index.search('wash woollen jumper', 10)[0].id).toBe('c#0');
  });

  test('queries without indexed terms give nothing; limit applies', () => {
    const index = createKeywordIndex(engine);
    index.add(docs);
    expect(index.search('', 10)).toEqual([]);
    expect(index.search('??', 10)).toEqual([]);
    expect(index.search('zebra', 10)).toEqual([]);
    expect(index.search('two days', 1)).toHaveLength(1);
  });

  test('remove and re-add (update in place); unknown ids ignored', () => {
    const index = createKeywordIndex(engine);
    index.add(docs);
    index.remove(['a#0', 'missing']);
    expect(index.has('a#0')).toBe(false);
    expect(index.search('return', 10).map((h) => h.id)).not.toContain('a#0');
    index.add([{ id: 'b#0', title: 'Returns by courier', body: 'We collect returns.' }]);
    expect(index.size).toBe(3);
    expect(index.search('return', 10)[0].id).toBe('b#0');
    expect(index.search('standard delivery', 10).map((h) => h.id)).not.toContain('b#0');
  });

  test('fuzzy: a word the index lacks matches indexed words one edit away; off by default', () => {
    const index = createKeywordIndex(engine);
    index.add(docs);
    expect(index.search('retrun', 10)).toEqual([]);
    expect(index.search('retrun', 10, { fuzzy: true }).map((h) => h.id)).toEqual(['a#0']);
    expect(index.search('how do I retrun an itme', 10, { fuzzy: true })[0].id).toBe('a#0');
    expect(index.search('delivry', 10, { fuzzy: true }).map((h) => h.id)).toEqual(['b#0']);
    // An indexed word is searched as it is, and two edits or a short word are no match.
    expect(index.search('wool', 10, { fuzzy: true })).toEqual(index.search('wool', 10));
    expect(index.search('rtuern', 10, { fuzzy: true })).toEqual([]);
    expect(index.search('gitf', 10, { fuzzy: true }).map((h) => h.id)).toEqual(['d#0']);
    expect(index.search('wol', 10, { fuzzy: true })).toEqual([]);
  });

  test('works with one or two documents', () => {
    const index = createKeywordIndex(engine);
    expect(index.search('return', 5)).toEqual([]);
    index.add([docs[0]]);
    expect(index.search('return', 5).map((h) => h.id)).toEqual(['a#0']);
  });
});

describe('common query terms are left out past `minDocsToPrune` documents', () => {
  const options = { minDocsToPrune: 20, maxTermShare: 0.2 };
  // 'wool' is in every document, 'boot' in every fifth, 'zip' in every seventh, 'strap' in every third.
  const corpus = Array.from({ length: 60 }, (_, i) => ({
    id: `p${i}`,
    title: i % 5 === 0 ? 'Wool boot' : 'Wool care',
    body: [i % 7 === 0 && 'zip', i % 3 === 0 && 'strap', 'wash by hand'].filter(Boolean).join(' '),
  }));
  const ranked = (engine: KeywordEngine, docs: typeof corpus, query: string) => {
    const index = createKeywordIndex(engine, options);
    index.add(docs);
    return index.search(query, 100);
  };

  test('the postings prune exactly as the engines that keep separate term statistics', () => {
    for (const live of [corpus, corpus.filter((_, i) => i % 4 !== 1)]) {
      for (const query of ['wool boot zip', 'wool strap', 'wool boot zip strap', 'wool']) {
        const postings = ranked('postings', live, query);
        const mini = ranked('minisearch', live, query);
        expect(postings.map((h) => h.id)).toEqual(mini.map((h) => h.id));
        expect(postings.map((h) => h.score)).toEqual(mini.map((h) => expect.closeTo(h.score, 9)));
      }
    }
    // 'wool' (everywhere) is dropped, the two rarer terms are kept: only their documents match.
    const hits = ranked('postings', corpus, 'wool boot zip').map((h) => h.id);
    const expected = corpus.filter((_, i) => i % 5 === 0 || i % 7 === 0).map((d) => d.id);
    expect([...hits].sort()).toEqual([...expected].sort());
    // The two rarest are always kept, however common.
    expect(ranked('postings', corpus, 'wool')).toHaveLength(60);
  });

  test('document frequencies follow removals and replacements', () => {
    const index = createKeywordIndex('postings', options);
    index.add(corpus);
    const live = new Map(corpus.map((d) => [d.id, d]));
    const query = 'strap boot zip';
    // zip 9, boot 12, strap 20 of 60 documents: strap (above the 20% share) is dropped.
    const matching = (test: RegExp) => [...live.values()].filter((d) => test.test(`${d.title} ${d.body}`));
    const ids = (docs: { id: string }[]) => docs.map((d) => d.id).sort();
    expect(ids(index.search(query, 100))).toEqual(ids(matching(/boot|zip/i)));
    // Most strap documents go (3 of 43 left) and one comes back: strap is now the rarest, boot dropped.
    const gone = corpus.filter((_, i) => i % 3 === 0 && i > 6).map((d) => d.id);
    index.remove(gone);
    for (const id of gone) live.delete(id);
    const replaced = { id: 'p1', title: 'Wool care', body: 'strap' };
    index.add([replaced]);
    live.delete(replaced.id); // a replaced document ranks as a new one among equal scores
    live.set(replaced.id, replaced);
    expect(ids(index.search(query, 100))).toEqual(ids(matching(/strap|zip/i)));
    // Scores too: as an engine with separate term statistics built from the live documents.
    const fresh = createKeywordIndex('minisearch', options);
    fresh.add([...live.values()]);
    for (const q of [query, 'wool boot zip strap', 'wool boot', 'strap']) {
      const hits = index.search(q, 100);
      const expected = fresh.search(q, 100);
      expect(hits.map((h) => h.id)).toEqual(expected.map((h) => h.id));
      expect(hits.map((h) => h.score)).toEqual(expected.map((h) => expect.closeTo(h.score, 9)));
    }
  });
});
