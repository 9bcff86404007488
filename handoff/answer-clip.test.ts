import { parseInline, type Inline } from '../protocol/chat-markdown';
import { clipAnswer } from './answer-clip';

/** Text of `n` characters: whole words of "word " (the last one may be shorter). */
const words = (n: number) => 'word '.repeat(Math.ceil(n / 5)).slice(0, n);
const links = (text: string) =>
  parseInline(text, 0, { base: 'https://shop.example' }).filter(
    (n): n is Extract<Inline, { t: 'link' }> => n.t === 'link',
  );

describe('clipAnswer', () => {
  test('an answer within the limit is left as it is', () => {
    const answer = 'See **our returns page**: [Returns](/help/kb-returns).';
    expect(clipAnswer(answer, 240)).toBe(answer);
  });

  test('plain text is cut at a word, with "…" after', () => {
    const clipped = clipAnswer(`${words(230)}Heronway delivers tomorrow`, 240);
    expect(clipped).toBe(`${words(230)}Heronway…`);
  });

  test('a link across the cut is left out whole, never cut inside its label or its URL', () => {
    const before = words(200);
    const answer = `${before}see [how to send an item back](/help/kb-returns#send-back) for the label.`;
    const clipped = clipAnswer(answer, 240);
    expect(clipped).toBe(`${before}see…`);
    expect(clipped).not.toContain('[');
  });

  test('a link that ends before the cut is kept, with its URL', () => {
    const answer = `${words(150)}see [Returns](/help/kb-returns#refunds) and ${words(200)}`;
    const clipped = clipAnswer(answer, 240);
    expect(clipped.length).toBeLessThanOrEqual(240);
    expect(clipped).toContain('[Returns](/help/kb-returns#refunds)');
    expect(links(clipped).map((l) => l.href)).toEqual(['https://shop.example/help/kb-returns#refunds']);
  });

  test('a bold run across the cut is closed after the last whole word', () => {
    const answer = `${words(220)}**refunds reach your card within five working days** of our check.`;
    const clipped = clipAnswer(answer, 240);
    expect(clipped).toBe(`${words(220)}**refunds reach**…`);
    expect(parseInline(clipped).some((n) => n.t === 'strong')).toBe(true);
  });

  test('italics are closed with their own marker', () => {
    const clipped = clipAnswer(`${words(225)}*pick a slot that suits you* and we come`, 240);
    expect(clipped).toBe(`${words(225)}*pick a slot*…`);
  });

  test('a code span across the cut is left out whole', () => {
    const answer = `${words(225)}type \`track A1042 now please\` in the chat`;
    expect(clipAnswer(answer, 240)).toBe(`${words(225)}type…`);
  });

  test('a bare link across the cut is left out whole', () => {
    const answer = `${words(220)}open https://shop.example/orders/A1042/tracking/heronway for details`;
    expect(clipAnswer(answer, 240)).toBe(`${words(220)}open…`);
  });

  test('when keeping a construct whole would leave half the answer or less, it is cut as plain text', () => {
    const label = words(300).trim();
    const clipped = clipAnswer(`Read [${label}](/help/kb-long) first.`, 240);
    expect(clipped.length).toBeLessThanOrEqual(240);
    expect(clipped.length).toBeGreaterThan(200);
    expect(clipped).toMatch(/^Read word word .*word…$/);
    expect(clipped).not.toMatch(/[[\]()]/);
  });

  test('never longer than the limit, always ends in "…" when cut', () => {
    const sentence =
      'You can return an item in three ways: **at any Heronway point**, *by courier* ' +
      '(book it in [your account](/account)), or `in store`. ';
    const answer = sentence.repeat(5);
    for (const max of [20, 41, 80, 120, 239, 240]) {
      const clipped = clipAnswer(answer, max);
      expect([max, clipped.length <= max, clipped.endsWith('…')]).toEqual([max, true, true]);
    }
  });
});
