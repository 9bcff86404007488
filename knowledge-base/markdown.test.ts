import {
  markdownToSafeHtml,
  markdownToText,
  parseBlocks,
  parseInline,
  renderMarkdown,
  safeHref,
  stripHtml,
  toSafeHtml,
} from './markdown';

/** Every tag name in the HTML our renderer produced. */
const tagsIn = (html: string) => [...new Set([...html.matchAll(/<\/?([a-z0-9]+)/g)].map((m) => m[1]))].sort();
const ALLOWED = new Set([
  'a',
  'blockquote',
  'br',
  'code',
  'em',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'li',
  'ol',
  'p',
  'pre',
  'strong',
  'table',
  'tbody',
  'td',
  'th',
  'thead',
  'tr',
  'ul',
]);

describe('renderMarkdown', () => {
  test('blocks: headings with unique anchors, paragraphs, lists, code, quotes, tables, rules', () => {
    const blocks = renderMarkdown(
      [
        '# Returns',
        '',
        'First line',
        'continues here.',
        '',
        '## Steps',
        '',
        '1. Sign in',
        '2. Choose **Return**',
        '',
        '- one',
        '- two',
        '',
        '```js',
        'const a = "<b>";',
        '```',
        '',
        '> quoted *text*',
        '',
        '| Region | Days |',
        '|---|---|',
        '| EU | 2–4 |',
        '',
        '---',
        '',
        '## Steps',
      ].join('\n'),
    );
    expect(blocks.map((b) => b.type)).toEqual([
      'heading',
      'paragraph',
      'heading',
      'list',
      'list',
      'code',
      'quote',
      'table',
      'rule',
      'heading',
    ]);
    expect(blocks[0]).toMatchObject({ type: 'heading', level: 1, anchor: 'returns' });
    expect(blocks[1]).toEqual({
      type: 'paragraph',
      children: [{ type: 'text', text: 'First line continues here.' }],
    });
    expect(blocks[3]).toMatchObject({ type: 'list', ordered: true, start: 1 });
    expect(blocks[5]).toEqual({ type: 'code', lang: 'js', text: 'const a = "<b>";' });
    expect(blocks[7]).toMatchObject({
      type: 'table',
      header: [[{ type: 'text', text: 'Region' }], [{ type: 'text', text: 'Days' }]],
    });
    expect(blocks[9]).toMatchObject({ anchor: 'steps-2' });
  });

  test('inlines: strong, em, code, links, autolinks, bare URLs, breaks, escapes, snake_case', () => {
    expect(
      parseInline(
        'a **b** *c* `d` [e](https://x.test/e) <https://y.test> http://z.test/p. \\*f\\* snake_case_word',
      ),
    ).toEqual([
      { type: 'text', text: 'a ' },
      { type: 'strong', children: [{ type: 'text', text: 'b' }] },
      { type: 'text', text: ' ' },
      { type: 'em', children: [{ type: 'text', text: 'c' }] },
      { type: 'text', text: ' ' },
      { type: 'code', text: 'd' },
      { type: 'text', text: ' ' },
      { type: 'link', href: 'https://x.test/e', children: [{ type: 'text', text: 'e' }] },
      { type: 'text', text: ' ' },
      { type: 'link', href: 'https://y.test', children: [{ type: 'text', text: 'https://y.test' }] },
      { type: 'text', text: ' ' },
      { type: 'link', href: 'http://z.test/p', children: [{ type: 'text', text: 'http://z.test/p' }] },
      { type: 'text', text: '. *f* snake_case_word' },
    ]);
    expect(parseInline('line one  \nline two')).toEqual([
      { type: 'text', text: 'line one' },
      { type: 'break' },
      { type: 'text', text: 'line two' },
    ]);
  });

  test('images become their alt text; unclosed markers stay literal', () => {
    expect(markdownToText('See ![the size chart](https://x.test/chart.png) and **unclosed')).toBe(
      'See the size chart and **unclosed',
    );
  });
});

describe('safety: no HTML from content reaches a page as markup', () => {
  const attacks = [
    '<script>alert(1)</script>Hello',
    'Hello <SCRIPT src="https://evil.test/x.js"></SCRIPT>',
    '<img src=x onerror=alert(1)>',
    '<a href="javascript:alert(1)">click</a>',
    '[click](javascript:alert(1))',
    '[click](JaVaScRiPt:alert(1))',
    '[click](  javascript:alert(1))',
    '[click](java\tscript:alert(1))',
    '[click](data:text/html;base64,PHNjcmlwdD4=)',
    '[click](vbscript:msgbox)',
    '[click](//evil.test/path)',
    '<iframe src="https://evil.test"></iframe>',
    '<style>body{display:none}</style>text',
    '<div onclick="alert(1)">text</div>',
    '<svg><script>alert(1)</script></svg>',
    '<!-- <script>alert(1)</script> -->',
    '<scr<script>ipt>alert(1)</script>',
    '"><script>alert(1)</script>',
    '**<script>alert(1)</script>**',
    '[<img src=x onerror=alert(1)>](https://ok.test)',
    '[x](https://ok.test/"onmouseover="alert(1))',
    '<https://ok.test/"><script>alert(1)</script>>',
    '| a | <script>alert(1)</script> |\n|---|---|\n| <b>x</b> | y |',
    '<script>\nalert(1)\n',
    '&lt;script&gt;alert(1)&lt;/script&gt;',
  ];

  test.each(attacks)('%s', (attack) => {
    const html = markdownToSafeHtml(attack);
    for (const tag of tagsIn(html)) expect(ALLOWED.has(tag)).toBe(true);
    expect(html).not.toMatch(
      /<script|<img|<iframe|<svg|<style|<div|\son\w+=|javascript:|vbscript:|data:text/i,
    );
    // Every attribute is one of ours.
    for (const [, name] of html.matchAll(/\s([a-z-]+)="/g))
      expect(['href', 'rel', 'target', 'id', 'start']).toContain(name);
  });

  test('script and style content is removed entirely; other tags keep their text', () => {
    expect(markdownToText('Before <script>var secret = 1;</script> after')).toBe('Before  after');
    expect(markdownToText('<b>bold</b> and <span class="x">span</span>')).toBe('bold and span');
    expect(stripHtml('a <style>x{}</style> b <!-- c --> d')).toBe('a  b  d');
  });

  test('inline code never spans a blank line: a lone backtick cannot shield a script', () => {
    const source = 'Press the ` key.\n\n<script>steal(document.cookie)</script>\n\nOr the ` key.';
    expect(markdownToText(source)).toBe('Press the ` key.\nOr the ` key.');
    expect(markdownToSafeHtml(source)).toBe('<p>Press the ` key.</p>\n<p>Or the ` key.</p>');
    expect(stripHtml(source)).not.toMatch(/<script|steal/);
  });

  test('fences are found as parseBlocks finds them (same marker, at least as long; no backtick in the info)', () => {
    // "```x`" opens no fence, and "````" closes "```": the script between is text, so it is dropped.
    for (const source of [
      '```x`\n<script>steal()</script>\n```',
      '```\ncode\n````\n<script>steal()</script>\n```',
    ]) {
      expect(markdownToText(source)).not.toMatch(/<script|steal/);
      expect(markdownToSafeHtml(source)).not.toMatch(/&lt;script|steal/);
    }
    // A shorter run does not close a longer fence: that script is code, shown as text.
    expect(markdownToSafeHtml('````\n```\n<script>kept()</script>\n````')).toBe(
      '<pre><code>```\n&lt;script&gt;kept()&lt;/script&gt;</code></pre>',
    );
  });

  test('raw HTML that the first pass took for code is still dropped from text (table cells, headings, links)', () => {
    for (const source of [
      '| a | b |\n|---|---|\n| `x | <script>steal()</script> | y` |',
      'Title `x\n# <script>steal()</script> `',
      '[`](https://ok.test) <script>steal()</script> `',
    ]) {
      expect(markdownToText(source)).not.toMatch(/<script|steal/);
      expect(markdownToSafeHtml(source)).not.toMatch(/&lt;script|steal/);
    }
    // Code stays code, and an escaped "<" stays text.
    expect(markdownToText('Add `<script src="w.js"></script>` to your page.')).toBe(
      'Add <script src="w.js"></script> to your page.',
    );
    expect(markdownToText('A `code\nspan <b>x</b>` over lines')).toBe('A code span <b>x</b> over lines');
    expect(markdownToSafeHtml('Escaped \\<b\\> stays')).toBe('<p>Escaped &lt;b&gt; stays</p>');
  });

  test('code keeps angle brackets as escaped text', () => {
    expect(markdownToSafeHtml('Use `<br>` here\n\n```\n<script>x</script>\n```')).toBe(
      '<p>Use <code>&lt;br&gt;</code> here</p>\n<pre><code>&lt;script&gt;x&lt;/script&gt;</code></pre>',
    );
  });

  test('text is escaped; "a < b & c" survives as text', () => {
    expect(markdownToSafeHtml(`Tom's "deal": a < b & c > d`)).toBe(
      '<p>Tom&#39;s &quot;deal&quot;: a &lt; b &amp; c &gt; d</p>',
    );
  });

  test('safeHref allows http(s), mailto and site-relative paths only', () => {
    expect(safeHref('https://shop.example/orders?id=1#x')).toBe('https://shop.example/orders?id=1#x');
    expect(safeHref('mailto:help@shop.example')).toBe('mailto:help@shop.example');
    expect(safeHref('/help/kb-returns#refunds')).toBe('/help/kb-returns#refunds');
    expect(safeHref('#refunds')).toBe('#refunds');
    for (const bad of [
      'javascript:alert(1)',
      'data:,x',
      'ftp://x.test',
      '//evil.test',
      'file:///etc/passwd',
      'https://',
      '',
    ]) {
      expect(safeHref(bad)).toBeNull();
    }
  });

  test('site-relative links with a backslash or control characters are refused (browsers read "\\" as "/")', () => {
    // new URL('/\\evil.test', 'https://shop.example') is https://evil.test/.
    for (const bad of [
      '/\\evil.test',
      '/\\/evil.test',
      '/help\\..\\x',
      '/\t/evil.test',
      '/\n\\evil.test',
      '/a\u0001b',
    ]) {
      expect(safeHref(bad)).toBeNull();
    }
    expect(markdownToSafeHtml('[Track order](/\\evil.test)')).toBe('<p>Track order</p>');
    expect(markdownToSafeHtml('[Track order](/orders/track)')).toBe(
      '<p><a href="/orders/track" rel="noopener noreferrer nofollow" target="_blank">Track order</a></p>',
    );
  });

  test('links get rel and target; headings shift to h3+ by default', () => {
    expect(toSafeHtml(renderMarkdown('# Title\n\n[Orders](https://shop.example/orders)'))).toBe(
      '<h3 id="title">Title</h3>\n<p><a href="https://shop.example/orders" rel="noopener noreferrer nofollow" target="_blank">Orders</a></p>',
    );
    expect(markdownToSafeHtml('# T', { minHeadingLevel: 1 })).toBe('<h1 id="t">T</h1>');
  });

  test('sameTabLinks: same-page anchors and the named root-relative paths open in place and are followed', () => {
    const md = [
      '[a](#refunds) [b](/help/kb-returns#refunds) [c](/help) [d](/help?q=return) [e](/help/)',
      '[f](/helpdesk) [g](/console) [h](https://shop.example/help/x) [i](//evil.example/help) [j](mailto:a@b.example)',
      '[k](javascript:alert(1)) [l](/\\evil.example/help)',
    ].join('\n\n');
    const anchors = (html: string) =>
      [...html.matchAll(/<a ([^>]*)>(\w)<\/a>/g)].map(([, attrs, label]) => `${label} ${attrs}`);
    const newTab = (label: string, href: string) =>
      `${label} href="${href}" rel="noopener noreferrer nofollow" target="_blank"`;
    expect(anchors(markdownToSafeHtml(md, { sameTabLinks: ['#', '/help'] }))).toEqual([
      'a href="#refunds"',
      'b href="/help/kb-returns#refunds"',
      'c href="/help"',
      'd href="/help?q=return"',
      'e href="/help/"',
      newTab('f', '/helpdesk'),
      newTab('g', '/console'),
      newTab('h', 'https://shop.example/help/x'),
      newTab('j', 'mailto:a@b.example'),
    ]);
    // Unsafe links are still text, and without the option every link opens a new tab (the console preview).
    const html = markdownToSafeHtml(md, { sameTabLinks: ['#', '/help'] });
    expect(html).toContain('</a> i <a');
    expect(html).toContain('<p>k l</p>');
    const plain = markdownToSafeHtml(md);
    expect(plain.match(/<a /g)).toHaveLength(9);
    expect(plain.match(/<a href="[^"]*" rel="noopener noreferrer nofollow" target="_blank">/g)).toHaveLength(
      9,
    );
    // Only what is named: anchors alone leave /help links in a new tab.
    expect(markdownToSafeHtml('[a](#x) [b](/help/y)', { sameTabLinks: ['#'] })).toBe(
      `<p><a href="#x">a</a> <a href="/help/y" rel="noopener noreferrer nofollow" target="_blank">b</a></p>`,
    );
  });
});

describe('robustness', () => {
  test('non-strings and empty input give nothing', () => {
    expect(renderMarkdown(undefined as unknown as string)).toEqual([]);
    expect(renderMarkdown('')).toEqual([]);
    expect(renderMarkdown('   \n\n  ')).toEqual([]);
  });

  test('pathological input stays fast (linear-ish)', () => {
    const inputs = [
      '*'.repeat(50_000),
      '['.repeat(50_000),
      '<a '.repeat(20_000),
      '_a'.repeat(30_000),
      '`'.repeat(40_000),
      '<script>'.repeat(10_000),
      '> '.repeat(30_000),
    ];
    for (const input of inputs) {
      const started = Date.now();
      markdownToSafeHtml(input);
      expect(Date.now() - started).toBeLessThan(2000);
    }
  });

  test('parseBlocks keeps an unclosed fence as code to the end', () => {
    expect(parseBlocks('text\n\n```\ncode <b>\nmore')).toEqual([
      { kind: 'paragraph', level: 0, lines: ['text'], lang: '' },
      { kind: 'code', level: 0, lines: ['code <b>', 'more'], lang: '' },
    ]);
  });

  test('setext headings and CRLF input', () => {
    expect(renderMarkdown('Title\r\n=====\r\n\r\nBody').map((b) => b.type)).toEqual(['heading', 'paragraph']);
  });
});
