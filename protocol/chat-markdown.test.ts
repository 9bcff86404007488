import { parseInline, parseMarkdown, plainText, safeUrl } from './chat-markdown';

describe('safeUrl', () => {
  it.each([
    ['https://shop.example/a?b=1#c', 'https://shop.example/a?b=1#c'],
    ['http://shop.example', 'http://shop.example'],
    ['mailto:help@shop.example', 'mailto:help@shop.example'],
    ['javascript:alert(1)', null],
    ['JaVaScRiPt:alert(1)', null],
    [' javascript:alert(1)', null],
    ['data:text/html,<script>alert(1)</script>', null],
    ['vbscript:msgbox(1)', null],
    ['/relative/path', null],
    ['//evil.example', null],
    ['https://exa mple.com', null],
    ['https://shop.example/"onmouseover="x', null],
    ['https://', null],
  ])('%s → %s', (input, expected) => {
    expect(safeUrl(input)).toBe(expected);
  });
});

describe('parseMarkdown', () => {
  it('keeps markup as text: no HTML ever', () => {
    expect(parseMarkdown('<img src=x onerror=alert(1)> <b>hi</b>')).toEqual([
      { t: 'p', c: [{ t: 'text', v: '<img src=x onerror=alert(1)> <b>hi</b>' }] },
    ]);
  });

  it('parses emphasis, strong, code and escapes', () => {
    expect(parseInline('a **b** *c* _d_ `e*f` \\*g\\*')).toEqual([
      { t: 'text', v: 'a ' },
      { t: 'strong', c: [{ t: 'text', v: 'b' }] },
      { t: 'text', v: ' ' },
      { t: 'em', c: [{ t: 'text', v: 'c' }] },
      { t: 'text', v: ' ' },
      { t: 'em', c: [{ t: 'text', v: 'd' }] },
      { t: 'text', v: ' ' },
      { t: 'code', v: 'e*f' },
      { t: 'text', v: ' *g*' },
    ]);
  });

  it('leaves snake_case, lone stars and arithmetic alone', () => {
    expect(plainText(parseMarkdown('order_status_code 2 * 3 * 4 and a * b'))).toBe(
      'order_status_code 2 * 3 * 4 and a * b',
    );
    expect(parseInline('order_status_code')).toEqual([{ t: 'text', v: 'order_status_code' }]);
  });

  it('makes links only of safe URLs, and keeps the label of unsafe ones as text', () => {
    expect(parseInline('see [the guide](https://shop.example/help) or [this](javascript:alert(1))')).toEqual([
      { t: 'text', v: 'see ' },
      { t: 'link', href: 'https://shop.example/help', c: [{ t: 'text', v: 'the guide' }] },
      { t: 'text', v: ' or ' },
      { t: 'text', v: 'this' },
    ]);
  });

  it('links bare URLs without the sentence punctuation after them', () => {
    expect(parseInline('Track it at https://carrier.example/t/1?x=(2). Thanks!')).toEqual([
      { t: 'text', v: 'Track it at ' },
      {
        t: 'link',
        href: 'https://carrier.example/t/1?x=(2)',
        c: [{ t: 'text', v: 'https://carrier.example/t/1?x=(2)' }],
      },
      { t: 'text', v: '. Thanks!' },
    ]);
    expect(parseInline('mailto:help@shop.example')).toEqual([
      { t: 'link', href: 'mailto:help@shop.example', c: [{ t: 'text', v: 'mailto:help@shop.example' }] },
    ]);
    expect(parseInline('notahttps://x.example')).toEqual([{ t: 'text', v: 'notahttps://x.example' }]);
  });

  it('parses paragraphs, line breaks and lists', () => {
    expect(
      parseMarkdown('Your options:\n- **Refund**\n- Exchange\n\n1. Pack it\n2. Post it\nDone.\nBye'),
    ).toEqual([
      { t: 'p', c: [{ t: 'text', v: 'Your options:' }] },
      {
        t: 'ul',
        items: [[{ t: 'strong', c: [{ t: 'text', v: 'Refund' }] }], [{ t: 'text', v: 'Exchange' }]],
      },
      { t: 'ol', start: 1, items: [[{ t: 'text', v: 'Pack it' }], [{ t: 'text', v: 'Post it' }]] },
      { t: 'p', c: [{ t: 'text', v: 'Done.' }, { t: 'br' }, { t: 'text', v: 'Bye' }] },
    ]);
  });

  it('stays linear on pathological input', () => {
    const started = Date.now();
    parseMarkdown('*'.repeat(5000) + '_'.repeat(5000) + '['.repeat(2000) + '`'.repeat(3000));
    expect(Date.now() - started).toBeLessThan(1500);
  });
});

describe('root-relative links (the knowledge base cites /help/<id>#<anchor>)', () => {
  const base = 'https://support.parley.example';

  it('makes root-relative paths absolute on the Parley origin, and refuses anything that could leave it', () => {
    const cases: [string, string | null][] = [
      ['/help/kb-returns#refunds', 'https://support.parley.example/help/kb-returns#refunds'],
      ['/help/faq%3Areturns', 'https://support.parley.example/help/faq%3Areturns'],
      ['/help?q=wool', 'https://support.parley.example/help?q=wool'],
      ['/help/../console', 'https://support.parley.example/console'],
      ['//evil.example/help', null],
      ['/\\evil.example/help', null],
      ['/help\\..\\x', null],
      ['/help/a b', null],
      ['/help/\tx', null],
      ['/help/"onmouseover="x', null],
      ['help/kb-returns', null],
      ['#refunds', null],
    ];
    expect(cases.map(([input]) => [input, safeUrl(input, base)])).toEqual(cases);
  });

  it('resolves against the origin only, never the page the widget sits in', () => {
    expect(safeUrl('/help/kb-x', 'https://support.parley.example/widget/frame/demo?host=x')).toBe(
      'https://support.parley.example/help/kb-x',
    );
    // No usable base: refused, as without one.
    expect(safeUrl('/help/kb-x', 'not a url')).toBeNull();
    expect(safeUrl('/help/kb-x', 'file:///tmp/x.html')).toBeNull();
    expect(safeUrl('/help/kb-x')).toBeNull();
    // Absolute links are checked as before.
    expect(safeUrl('javascript:alert(1)', base)).toBeNull();
    expect(safeUrl('https://shop.example/a', base)).toBe('https://shop.example/a');
  });

  it('links root-relative Markdown links in messages to the Parley server', () => {
    expect(
      parseMarkdown('More in [our returns guide](/help/kb-returns#refunds) or [x](//evil.example)', { base }),
    ).toEqual([
      {
        t: 'p',
        c: [
          { t: 'text', v: 'More in ' },
          {
            t: 'link',
            href: 'https://support.parley.example/help/kb-returns#refunds',
            c: [{ t: 'text', v: 'our returns guide' }],
          },
          { t: 'text', v: ' or ' },
          { t: 'text', v: 'x' },
        ],
      },
    ]);
    // Inside lists and emphasis too.
    expect(parseMarkdown('- **[Sizes](/help/kb-sizes)**', { base })).toEqual([
      {
        t: 'ul',
        items: [
          [
            {
              t: 'strong',
              c: [
                {
                  t: 'link',
                  href: 'https://support.parley.example/help/kb-sizes',
                  c: [{ t: 'text', v: 'Sizes' }],
                },
              ],
            },
          ],
        ],
      },
    ]);
  });
});
