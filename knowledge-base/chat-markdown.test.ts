/**
 * The chat Markdown a reply carries, read back by the chat surfaces' own parser (protocol/chat-markdown.ts,
 * the reader it must fit): formatting and links arrive as formatting and links, text never turns into
 * markup, and only links `safeHref` allows are written.
 */
import { parseMarkdown, plainText, type Block as WidgetBlock } from '../protocol/chat-markdown';
import { replyText, toChatMarkdown } from './chat-markdown';
import { renderMarkdown, type Block } from './markdown';

const BASE = { base: 'https://parley.example' };
const chat = (markdown: string, anchorLink?: (anchor: string) => string) =>
  toChatMarkdown(renderMarkdown(markdown), { anchorLink });
const widget = (markdown: string, anchorLink?: (anchor: string) => string): WidgetBlock[] =>
  parseMarkdown(chat(markdown, anchorLink), BASE);

describe('toChatMarkdown, as the widget reads it', () => {
  test('bold, italics, code, a list and links with their URLs', () => {
    const md =
      'Pick **Express** or *Standard*; code `FT12`.\n\n- **Standard**: free from €50\n- Express: €9.95 extra\n\nSee [rates](/help/kb-shipping#rates) or [mail us](mailto:help@shop.example).';
    expect(widget(md)).toEqual([
      {
        t: 'p',
        c: [
          { t: 'text', v: 'Pick ' },
          { t: 'strong', c: [{ t: 'text', v: 'Express' }] },
          { t: 'text', v: ' or ' },
          { t: 'em', c: [{ t: 'text', v: 'Standard' }] },
          { t: 'text', v: '; code ' },
          { t: 'code', v: 'FT12' },
          { t: 'text', v: '.' },
        ],
      },
      {
        t: 'ul',
        items: [
          [
            { t: 'strong', c: [{ t: 'text', v: 'Standard' }] },
            { t: 'text', v: ': free from €50' },
          ],
          [{ t: 'text', v: 'Express: €9.95 extra' }],
        ],
      },
      {
        t: 'p',
        c: [
          { t: 'text', v: 'See ' },
          {
            t: 'link',
            href: 'https://parley.example/help/kb-shipping#rates',
            c: [{ t: 'text', v: 'rates' }],
          },
          { t: 'text', v: ' or ' },
          { t: 'link', href: 'mailto:help@shop.example', c: [{ t: 'text', v: 'mail us' }] },
          { t: 'text', v: '.' },
        ],
      },
    ]);
  });

  test('numbered lists keep their start; bare URLs and autolinks stay links', () => {
    expect(widget('3. Print the label\n4. Drop it off')).toEqual([
      {
        t: 'ol',
        start: 3,
        items: [[{ t: 'text', v: 'Print the label' }], [{ t: 'text', v: 'Drop it off' }]],
      },
    ]);
    const links = widget('Track at https://carrier.example/t?id=1 or <mailto:help@shop.example>.');
    expect(links[0]).toMatchObject({
      c: [
        { t: 'text', v: 'Track at ' },
        {
          t: 'link',
          href: 'https://carrier.example/t?id=1',
          c: [{ t: 'text', v: 'https://carrier.example/t?id=1' }],
        },
        { t: 'text', v: ' or ' },
        { t: 'link', href: 'mailto:help@shop.example' },
        { t: 'text', v: '.' },
      ],
    });
  });

  test('text that looks like markup stays text: stars, underscores, brackets, backticks, list-like lines', () => {
    const md =
      'Use \\*promo\\* and snake_case, \\[not a link\\](x), a \\` tick, back\\\\slash.  \n\\- not an item  \n1\\. not a step';
    const blocks = widget(md);
    expect(blocks).toHaveLength(1);
    expect(plainText(blocks)).toBe(
      'Use *promo* and snake_case, [not a link](x), a ` tick, back\\slash.\n- not an item\n1. not a step',
    );
  });

  test('URLs with parentheses or quotes and labels with brackets still make one whole link', () => {
    const blocks = widget('[Size [EU] guide](https://shop.example/wiki/Size_(EU)?q="x")');
    expect(blocks).toEqual([
      {
        t: 'p',
        c: [
          {
            t: 'link',
            href: 'https://shop.example/wiki/Size_%28EU%29?q=%22x%22',
            c: [{ t: 'text', v: 'Size (EU) guide' }],
          },
        ],
      },
    ]);
  });

  test('same-page anchors point where anchorLink says, or become text; unsafe links are never written', () => {
    expect(chat('See [expiry](#expiry).', (a) => `/help/kb-loyalty#${a}`)).toBe(
      'See [expiry](/help/kb-loyalty#expiry).',
    );
    expect(chat('See [expiry](#expiry).')).toBe('See expiry.');
    const unsafe: Block[] = [
      {
        type: 'paragraph',
        children: [
          { type: 'link', href: 'javascript:alert(1)', children: [{ type: 'text', text: 'a' }] },
          { type: 'text', text: ' ' },
          { type: 'link', href: '//evil.example/x', children: [{ type: 'text', text: 'b' }] },
          { type: 'text', text: ' ' },
          { type: 'link', href: '/\\evil.example', children: [{ type: 'text', text: 'c' }] },
        ],
      },
    ];
    expect(toChatMarkdown(unsafe, { anchorLink: () => 'javascript:alert(1)' })).toBe('a b c');
    expect(chat('[x](javascript:alert(1)) [y](data:text/html,hi)')).toBe('x y');
  });

  test('headings, tables, code blocks and quotes become what a chat can show', () => {
    const md = [
      '## Rates',
      '',
      '| Destination | Standard | Express |',
      '|---|---|---|',
      '| UK | €7.95 | €19.95, 1–2 days |',
      '',
      '```',
      'FT4839201734GB',
      '```',
      '',
      '> Orders ship **the same day**.',
      '',
      '---',
    ].join('\n');
    expect(chat(md)).toBe(
      '**Rates**\n\n- Destination: UK; Standard: €7.95; Express: €19.95, 1–2 days\n\n`FT4839201734GB`\n\nOrders ship **the same day**.',
    );
  });
});

describe('replyText', () => {
  test('plain text as a person would send it: table rows as "Header: value" lines, no markup', () => {
    const blocks = renderMarkdown(
      'Delivery **times** [below](#rates):\n\n| Destination | Standard delivery |\n|---|---|\n| Benelux | 1–2 business days |\n| | |\n\n- Tracked',
    );
    expect(replyText(blocks)).toBe(
      'Delivery times below:\n• Destination: Benelux; Standard delivery: 1–2 business days\n• Tracked',
    );
  });
});
