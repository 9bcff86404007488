/** Condensing an answer's block tree: whole sentences, structure and markup kept, visible budget. */
import { toChatMarkdown } from './chat-markdown';
import { condenseBlocks, splitInlineSentences } from './condense';
import { blocksText, parseInline, renderMarkdown, type Inline } from './markdown';

const LONG_URL = `https://shop.example/returns?${'x'.repeat(300)}`;

describe('splitInlineSentences', () => {
  test('splits text at sentence ends, never inside a link, code or emphasis', () => {
    const sentences = splitInlineSentences(
      parseInline(
        'Read [the policy. It is short](https://shop.example/p). **Bold one. Bold two.** Then `a. B` end! Last',
      ),
    );
    expect(sentences.map((s) => s.map((n) => n.type))).toEqual([
      ['text', 'link', 'text'],
      ['strong'],
      ['text', 'code', 'text'],
      ['text'],
    ]);
    expect(sentences[0][1]).toEqual({
      type: 'link',
      href: 'https://shop.example/p',
      children: [{ type: 'text', text: 'the policy. It is short' }],
    });
    expect(sentences[0][2]).toEqual({ type: 'text', text: '.' });
  });

  test('a line break ends a sentence', () => {
    const nodes: Inline[] = parseInline('First line  \nsecond line');
    expect(splitInlineSentences(nodes)).toEqual([
      [{ type: 'text', text: 'First line' }],
      [{ type: 'text', text: 'second line' }],
    ]);
  });
});

describe('condenseBlocks', () => {
  test('a tree within the budget is kept whole', () => {
    const blocks = renderMarkdown('Short **answer**.\n\n- one\n- two');
    expect(condenseBlocks(blocks, 100)).toEqual({ blocks, condensed: false, truncated: false });
  });

  test('the budget counts visible text: a long URL costs only its label', () => {
    const md = `Start your return from [the returns page](${LONG_URL}) in your account within 30 days. Returns are free within 30 days of delivery. Refunds for returns reach your account within 14 days.\n\nGift cards cannot be exchanged.`;
    const blocks = renderMarkdown(md);
    // Shown, the whole answer is 203 characters: within 205 it stays whole, link and all.
    expect(blocksText(blocks)).toHaveLength(203);
    expect(condenseBlocks(blocks, 205)).toMatchObject({ condensed: false, blocks });
    const result = condenseBlocks(blocks, 150);
    expect(result).toMatchObject({ condensed: true, truncated: false });
    expect(blocksText(result.blocks).length).toBeLessThanOrEqual(150);
    expect(toChatMarkdown(result.blocks)).toBe(
      `Start your return from [the returns page](${LONG_URL}) in your account within 30 days. Returns are free within 30 days of delivery.\n\nGift cards cannot be exchanged.`,
    );
  });

  test('list items stay list items; numbered steps keep their numbers when one between them is left out', () => {
    const md = [
      'Print a label first.',
      '',
      '1. Open the orders page.',
      '2. Choose the order and the items to return from your orders page.',
      '3. Print the return label for the order and stick the label on the parcel.',
    ].join('\n');
    const result = condenseBlocks(renderMarkdown(md), 100);
    expect(blocksText(result.blocks).length).toBeLessThanOrEqual(100);
    expect(toChatMarkdown(result.blocks)).toBe(
      '1. Open the orders page.\n\n3. Print the return label for the order and stick the label on the parcel.',
    );
    expect(toChatMarkdown(condenseBlocks(renderMarkdown(md), 150).blocks)).toBe(
      '2. Choose the order and the items to return from your orders page.\n3. Print the return label for the order and stick the label on the parcel.',
    );
  });

  test('when no sentence fits, the best is cut at a word with "…", never inside a link', () => {
    const md = `- Read [the complete returns policy for every country we ship to](${LONG_URL}) before sending anything back.`;
    for (const budget of [12, 25, 40, 60, 80]) {
      const result = condenseBlocks(renderMarkdown(md), budget);
      const text = blocksText(result.blocks);
      expect(result.truncated).toBe(true);
      expect(text.length).toBeLessThanOrEqual(budget);
      expect(text).toMatch(/^• \S.*…$/);
      const chat = toChatMarkdown(result.blocks);
      // Either the whole link or none of it.
      if (chat.includes(']('))
        expect(chat).toContain(`[the complete returns policy for every country we ship to](${LONG_URL})`);
      else expect(chat).not.toContain('[');
    }
  });

  test('headings, tables and code are left out of a condensed answer', () => {
    const md = `## Rates\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\n\`\`\`\ncode\n\`\`\`\n\n${'Delivery takes three working days to most countries. '.repeat(3)}`;
    const result = condenseBlocks(renderMarkdown(md), 60);
    expect(result.blocks.map((b) => b.type)).toEqual(['paragraph']);
  });

  describe('a lead-in ending in ":" never ends an answer', () => {
    const WAYS = [
      'Changed your mind? Unused items with their tags attached can come back within 30 days of delivery, and we refund your original payment method once the return has been inspected. You can return an item in three ways:',
      '',
      '- Drop the parcel at a Marlow Parcel point with the QR code from your return email.',
      '- Book a courier collection from your account for a small fee.',
      '- Bring the item to our Amsterdam showroom and we refund you on the spot.',
    ].join('\n');
    const FIRST_WAY = '- Drop the parcel at a Marlow Parcel point with the QR code from your return email.';

    test('it is kept only with the start of its list, at every budget', () => {
      const blocks = renderMarkdown(WAYS);
      expect(blocksText(blocks)).toHaveLength(436);
      for (let budget = 20; budget < 436; budget++) {
        const result = condenseBlocks(blocks, budget);
        const chat = toChatMarkdown(result.blocks);
        expect(blocksText(result.blocks).length).toBeLessThanOrEqual(budget);
        expect(chat).not.toMatch(/:$/);
        if (chat.includes('three ways:')) expect(chat).toContain(`three ways:\n\n${FIRST_WAY}`);
      }
      // Where the lead-in used to end the reply, the sentences before it are the answer.
      expect(toChatMarkdown(condenseBlocks(blocks, 250).blocks)).toBe(
        'Unused items with their tags attached can come back within 30 days of delivery, and we refund your original payment method once the return has been inspected.\n\n- Bring the item to our Amsterdam showroom and we refund you on the spot.',
      );
    });

    test('its whole list comes with it when the list fits', () => {
      expect(toChatMarkdown(condenseBlocks(renderMarkdown(WAYS), 420).blocks)).toBe(
        [
          'Unused items with their tags attached can come back within 30 days of delivery, and we refund your original payment method once the return has been inspected. You can return an item in three ways:',
          '',
          FIRST_WAY,
          '- Book a courier collection from your account for a small fee.',
          '- Bring the item to our Amsterdam showroom and we refund you on the spot.',
        ].join('\n'),
      );
    });

    test('one before what a condensed answer leaves out (a table) or at the very end is left out', () => {
      const md = [
        'Here are our delivery rates for returning customers:',
        '',
        '| Region | Price |',
        '|---|---|',
        '| EU | €6.95 |',
        '',
        'Delivery rates depend on where the parcel goes. Returning customers get free delivery rates on orders over €50. Our delivery rates for returning customers are:',
      ].join('\n');
      for (const budget of [60, 100, 150, 200]) {
        const chat = toChatMarkdown(condenseBlocks(renderMarkdown(md), budget).blocks);
        expect(chat).not.toContain(':');
        expect(chat).not.toBe('');
      }
    });
  });
});
