import { cutToWord, splitArticle, summarizeArticle } from './article';
import { summarizeArticleWithEmbedder } from './index';

const ARTICLE = `# Returns and refunds

You can return most items within 30 days of delivery. Items must be unused and in their original packaging.

## How to start a return

1. Open [your orders](https://shop.example.com/orders).
2. Choose **Return item** next to the product.
3. Print the prepaid label, e.g. at a local library.

Refunds are issued to the original payment method once the return is received. A refund usually takes 3.5 business days to appear.

\`\`\`
curl https://api.example.com/returns
\`\`\`
`;

describe('summarizeArticle', () => {
  test('splitArticle: prose sentences only, original and plain text', () => {
    expect(splitArticle(ARTICLE).map((s) => [s.index, s.text, s.plain])).toEqual([
      [
        0,
        'You can return most items within 30 days of delivery.',
        'You can return most items within 30 days of delivery.',
      ],
      [
        1,
        'Items must be unused and in their original packaging.',
        'Items must be unused and in their original packaging.',
      ],
      [2, 'Open [your orders](https://shop.example.com/orders).', 'Open your orders.'],
      [3, 'Choose **Return item** next to the product.', 'Choose Return item next to the product.'],
      [
        4,
        'Print the prepaid label, e.g. at a local library.',
        'Print the prepaid label, e.g. at a local library.',
      ],
      [
        5,
        'Refunds are issued to the original payment method once the return is received.',
        'Refunds are issued to the original payment method once the return is received.',
      ],
      [
        6,
        'A refund usually takes 3.5 business days to appear.',
        'A refund usually takes 3.5 business days to appear.',
      ],
    ]);
  });

  test('exact summary within 200 characters, in document order, markdown kept', () => {
    const summary = summarizeArticle(ARTICLE, { maxChars: 200 });
    expect(summary.text).toBe(
      'You can return most items within 30 days of delivery. Choose **Return item** next to the product. ' +
        'Refunds are issued to the original payment method once the return is received.',
    );
    expect(summary.sentences.map((s) => s.index)).toEqual([0, 3, 5]);
    expect(summary.truncated).toBe(false);
    expect(summary.text.length).toBeLessThanOrEqual(200);
  });

  test('maxSentences and a tight budget', () => {
    expect(summarizeArticle(ARTICLE, { maxChars: 1000, maxSentences: 1 }).text).toBe(
      'You can return most items within 30 days of delivery.',
    );
    // the best sentence (53 chars) does not fit in 50: a later one that fits is taken instead
    const tight = summarizeArticle(ARTICLE, { maxChars: 50 });
    expect(tight.text.length).toBeLessThanOrEqual(50);
    expect(tight.truncated).toBe(false);
  });

  test('when no sentence fits, the best one is cut at a word with an ellipsis', () => {
    const summary = summarizeArticle(ARTICLE, { maxChars: 15 });
    expect(summary.text).toBe('You can return…');
    expect(summary.truncated).toBe(true);
  });

  test('deterministic', () => {
    expect(summarizeArticle(ARTICLE, { maxChars: 200 })).toEqual(
      summarizeArticle(ARTICLE, { maxChars: 200 }),
    );
  });

  test('vectors replace word overlap; a wrong count throws', () => {
    const n = splitArticle(ARTICLE).length;
    // one-hot vectors are orthogonal to each other; sentences 4 and 6 are all-ones, similar to every
    // sentence, so they become the hubs of the graph (word overlap picks 0 and 3)
    const vectors = Array.from({ length: n }, (_, i) =>
      Array.from({ length: n }, (_, k) => (i === 4 || i === 6 ? 1 : Number(k === i))),
    );
    expect(
      summarizeArticle(ARTICLE, { maxChars: 1000, maxSentences: 2 }).sentences.map((s) => s.index),
    ).toEqual([0, 3]);
    const summary = summarizeArticle(ARTICLE, { maxChars: 1000, maxSentences: 2, vectors });
    expect(summary.sentences.map((s) => s.index)).toEqual([4, 6]);
    expect(() => summarizeArticle(ARTICLE, { vectors: [[1]] })).toThrow(RangeError);
  });

  test('summarizeArticleWithEmbedder embeds the plain sentences once', async () => {
    const seen: string[][] = [];
    const embedder = {
      embed: async (texts: string[]) => {
        seen.push(texts);
        return texts.map((t) => new Float32Array([t.length % 7, 1, t.includes('refund') ? 3 : 0]));
      },
    };
    const summary = await summarizeArticleWithEmbedder(ARTICLE, embedder, { maxChars: 200 });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toEqual(splitArticle(ARTICLE).map((s) => s.plain));
    expect(summary.text.length).toBeLessThanOrEqual(200);
    expect(summary.sentences.length).toBeGreaterThan(0);
  });

  test('cutToWord', () => {
    expect(cutToWord('short', 10)).toBe('short');
    expect(cutToWord('one two three four', 12)).toBe('one two…');
    expect(cutToWord('abcdefghij', 5)).toBe('abcd…');
    expect(cutToWord('abc', 0)).toBe('');
  });
});
