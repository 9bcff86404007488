import { createRng } from '../nlp/intents/random';
import { Bm25Postings } from './bm25-postings';
import { createKeywordIndex, type KeywordDoc } from './keyword-index';

const VOCABULARY = (
  'return refund parcel courier wool jacket boot size exchange label invoice gift card voucher delivery ' +
  'locker wash repair warranty strap zip lining discount order cancel track address account password'
).split(' ');

function randomText(rng: () => number, words: number): string {
  return Array.from({ length: words }, () => VOCABULARY[Math.floor(rng() * VOCABULARY.length)]).join(' ');
}

function randomDocs(rng: () => number, count: number, prefix: string): KeywordDoc[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `${prefix}${i}`,
    title: randomText(rng, 1 + Math.floor(rng() * 4)),
    body: randomText(rng, 5 + Math.floor(rng() * 40)),
  }));
}

/** Both engines' top hits for a query; scores must agree to 9 digits, ids wherever scores differ. */
function expectSameRanking(query: string, a: ReturnType<typeof createKeywordIndex>, b: typeof a): void {
  const left = a.search(query, 20);
  const right = b.search(query, 20);
  expect(left.map((h) => h.score)).toEqual(right.map((h) => expect.closeTo(h.score, 9)));
  // Ids agree except among tied scores (a tie may also straddle the cut-off), which neither orders.
  const sameScore = (x: number, y: number) => Math.abs(x - y) < 1e-9;
  left.forEach((hit, i) => {
    const tied =
      left.filter((h) => sameScore(h.score, hit.score)).length > 1 ||
      sameScore(hit.score, left.at(-1)!.score);
    if (!tied) expect(hit.id).toBe(right[i].id);
  });
}

describe('Bm25Postings', () => {
  test('scores exactly as MiniSearch does, before and after removals and replacements', () => {
    const rng = createRng(7);
    const postings = createKeywordIndex('postings');
    const docs = new Map(randomDocs(rng, 400, 'doc-').map((d) => [d.id, d]));
    const miniSearchOf = (live: Iterable<KeywordDoc>) => {
      const index = createKeywordIndex('minisearch');
      index.add([...live]);
      return index;
    };
    postings.add([...docs.values()]);
    const queries = Array.from({ length: 60 }, () => randomText(rng, 1 + Math.floor(rng() * 4)));
    const fresh = miniSearchOf(docs.values());
    for (const q of queries) expectSameRanking(q, postings, fresh);

    const removed = [...docs.keys()].filter((_, i) => i % 3 === 0);
    postings.remove(removed);
    for (const id of removed) docs.delete(id);
    const replaced = randomDocs(rng, 50, 'doc-'); // ids doc-0…doc-49: some removed, some live
    postings.add(replaced);
    for (const d of replaced) docs.set(d.id, d);
    // Compared with MiniSearch built from the live documents: MiniSearch's own index after discards
    // over-counts document frequencies until it vacuums (its discarded entries stay in the postings).
    const rebuilt = miniSearchOf(docs.values());
    expect(postings.size).toBe(rebuilt.size);
    for (const q of queries) expectSameRanking(q, postings, rebuilt);
  });

  test('compacts once dead entries outnumber live ones, and keeps answering the same', () => {
    const index = new Bm25Postings([2, 1]);
    for (let i = 0; i < 10; i++) index.add(`d${i}`, { fields: [['wool'], ['wash', 'wool', 'hand']] });
    index.add('keep', { fields: [['boot'], ['wash', 'boot']] });
    const before = index.search(['boot'], 5);
    for (let i = 0; i < 10; i++) index.remove(`d${i}`);
    expect(index.size).toBe(1);
    expect(index.search(['wool'], 5)).toEqual([]);
    expect(index.search(['boot'], 5)).toEqual([{ id: 'keep', score: expect.any(Number) }]);
    expect(index.search(['wash'], 5).map((h) => h.id)).toEqual(['keep']);
    expect(before[0].id).toBe('keep');
  });

  test('multiplies by the number of query terms matched, keeps the best `limit`, ties in insertion order', () => {
    const index = new Bm25Postings([1]);
    index.add('both', { fields: [['alpha', 'beta']] });
    index.add('one-a', { fields: [['alpha', 'gamma']] });
    index.add('one-b', { fields: [['alpha', 'delta']] });
    const hits = index.search(['alpha', 'beta'], 3);
    expect(hits.map((h) => h.id)).toEqual(['both', 'one-a', 'one-b']);
    expect(hits[0].score).toBeGreaterThan(2 * hits[1].score); // two terms, each scored, times two
    expect(hits[1].score).toBe(hits[2].score);
    expect(index.search(['alpha'], 2).map((h) => h.id)).toEqual(['both', 'one-a']);
    expect(index.search(['alpha'], 0)).toEqual([]);
  });

  test('rejects a document with the wrong number of fields', () => {
    expect(() => new Bm25Postings([2, 1]).add('x', { fields: [['a']] })).toThrow(RangeError);
  });
});
