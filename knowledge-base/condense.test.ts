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

    test('one before a table keeps at least its first row; one before code or at the very end is left out', () => {
      const md = [
        'Here are our delivery rates for returning customers:',
        '',
        '| Region | Price |',
        '|---|---|',
        '| EU | €6.95 |',
        '| UK | €7.95 |',
        '',
        'Returning customers get free delivery rates on orders over €50. Quote this code for free delivery rates:',
        '',
        '```',
        'FREE-50',
        '```',
        '',
        'Delivery rates depend on where the parcel goes. Our delivery rates for returning customers are:',
      ].join('\n');
      let keptTable = false;
      for (let budget = 40; budget <= 260; budget += 5) {
        const result = condenseBlocks(renderMarkdown(md), budget);
        const chat = toChatMarkdown(result.blocks);
        expect(blocksText(result.blocks).length).toBeLessThanOrEqual(budget);
        expect(chat).not.toBe('');
        expect(chat).not.toMatch(/:$/);
        expect(chat).not.toContain('free delivery rates:');
        expect(chat).not.toContain('FREE-50');
        if (chat.includes('returning customers:')) {
          keptTable = true;
          expect(chat).toContain('returning customers:\n\n- Region: EU; Price: €6.95');
        }
        expect(chat.includes('Region:')).toBe(chat.includes('returning customers:'));
      }
      expect(keptTable).toBe(true);
    });
  });

  describe('a sentence pointing at what follows is a lead-in too', () => {
    const DISCOUNTS = [
      'We send discount codes to newsletter subscribers and sometimes print them on cards in your parcel. Here is how they behave.',
      '',
      '## The rules',
      '',
      "- One code per order; codes can't be combined with each other.",
      "- Codes apply to full-price items. They don't work on gift cards or on final-sale items.",
      '- Each code has an end date, and some have a minimum spend.',
    ].join('\n');
    const FIRST_RULE = "- One code per order; codes can't be combined with each other.";

    test('it is kept only with (the start of) what it points at, past the heading between them', () => {
      const blocks = renderMarkdown(DISCOUNTS);
      let keptPointer = false;
      for (let budget = 30; budget < blocksText(blocks).length; budget++) {
        const result = condenseBlocks(blocks, budget);
        const chat = toChatMarkdown(result.blocks);
        expect(blocksText(result.blocks).length).toBeLessThanOrEqual(budget);
        expect(chat).not.toMatch(/behave\.$/);
        expect(chat).not.toContain('The rules');
        if (chat.includes('Here is how they behave.')) {
          keptPointer = true;
          expect(chat).toContain(`Here is how they behave.\n\n${FIRST_RULE}`);
        }
      }
      expect(keptPointer).toBe(true);
    });

    test('a table of times it points at is kept with it: a ranked row brings its pointer', () => {
      const md = [
        'Everything we sell leaves from our warehouse in the Netherlands. Orders paid before 14:00 on a working day are packed and handed to the carrier the same day. The delivery times below start from dispatch and do not count weekends.',
        '',
        '## Rates by destination',
        '',
        '| Destination | Standard | Standard delivery |',
        '|---|---|---|',
        '| Benelux | €4.95 | 1–2 business days |',
        '| Rest of the EU | €6.95 | 2–5 business days |',
        '| United Kingdom | €7.95 | 3–5 business days |',
        '| United States | €14.95 | 5–9 business days |',
      ].join('\n');
      const chat = toChatMarkdown(condenseBlocks(renderMarkdown(md), 260).blocks);
      expect(chat).toContain(
        'The delivery times below start from dispatch and do not count weekends.\n\n- Destination: Benelux; Standard: €4.95; Standard delivery: 1–2 business days',
      );
      expect(chat).not.toContain('Rates by destination');
      // Rows nothing points at are left out, as before.
      const unpointed = md.replace('The delivery times below start', 'Delivery times start');
      expect(toChatMarkdown(condenseBlocks(renderMarkdown(unpointed), 260).blocks)).not.toContain(
        'business days',
      );
    });

    test('a tree within its budget is kept whole but for a pointer it ends on', () => {
      const md =
        'Wool needs little washing. Air it overnight instead.\n\n## Washing\n\nThe steps are as follows.';
      const result = condenseBlocks(renderMarkdown(md), 400);
      expect(result).toMatchObject({ condensed: true, truncated: false });
      expect(toChatMarkdown(result.blocks)).toBe(
        'Wool needs little washing. Air it overnight instead.\n\n**Washing**',
      );
      expect(condenseBlocks(renderMarkdown(DISCOUNTS), 400)).toEqual({
        blocks: renderMarkdown(DISCOUNTS),
        condensed: false,
        truncated: false,
      });
    });
  });
});
