import { createKeywordIndex, keywordTokens, type KeywordEngine } from './keyword-index';

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

  test('works with one or two documents', () => {
    const index = createKeywordIndex(engine);
    expect(index.search('return', 5)).toEqual([]);
    index.add([docs[0]]);
    expect(index.search('return', 5).map((h) => h.id)).toEqual(['a#0']);
  });
});
