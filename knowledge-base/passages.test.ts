import { renderMarkdown } from './markdown';
import { MAX_EMBED_CHARS, passageHash, splitPassages } from './passages';

describe('splitPassages: FAQs', () => {
  test('question, distinct alternatives, then the answer (with the question as context)', () => {
    const passages = splitPassages({
      kind: 'faq',
      title: '  How long do I have to return something? ',
      body: 'Within **30 days** of delivery.',
      alternatives: [
        'What is your return policy?',
        'how long do I have to return something?',
        ' ',
        'Can I send it back?',
      ],
    });
    expect(passages.map((p) => [p.index, p.role, p.text, p.embedText])).toEqual([
      [0, 'question', 'How long do I have to return something?', 'How long do I have to return something?'],
      [1, 'alternative', 'What is your return policy?', 'What is your return policy?'],
      [2, 'alternative', 'Can I send it back?', 'Can I send it back?'],
      [
        3,
        'answer',
        'Within 30 days of delivery.',
        'How long do I have to return something?: Within 30 days of delivery.',
      ],
    ]);
    expect(passages[3].markdown).toBe('Within **30 days** of delivery.');
  });
});

describe('splitPassages: articles', () => {
  const body = [
    '# Wool care',
    '',
    'Intro paragraph about wool.',
    '',
    '## Washing',
    '',
    'Short one.',
    '',
    'Short two.',
    '',
    '### Machine',
    '',
    'Use the wool cycle.',
    '',
    '## Drying',
    '',
    'Dry flat.',
    '',
    '## Drying',
    '',
    'Again, flat.',
  ].join('\n');

  test('a title passage, then paragraphs by heading; short blocks of one section merge; anchors match the renderer', () => {
    const passages = splitPassages({ kind: 'article', title: 'Wool care', body, alternatives: [] });
    expect(passages.map((p) => [p.index, p.role, p.headings, p.anchor, p.text])).toEqual([
      [0, 'title', [], '', 'Wool care'],
      [1, 'section', [], '', 'Intro paragraph about wool.'],
      [2, 'section', ['Washing'], 'washing', 'Short one. Short two.'],
      [3, 'section', ['Washing', 'Machine'], 'machine', 'Use the wool cycle.'],
      [4, 'section', ['Drying'], 'drying', 'Dry flat.'],
      [5, 'section', ['Drying'], 'drying-2', 'Again, flat.'],
    ]);
    const anchors = renderMarkdown(body).flatMap((b) => (b.type === 'heading' ? [b.anchor] : []));
    for (const p of passages.filter((x) => x.anchor)) expect(anchors).toContain(p.anchor);
    expect(passages[3].embedText).toBe('Wool care — Washing — Machine: Use the wool cycle.');
    expect(passages[2].markdown).toBe('Short one.\n\nShort two.');
  });

  test('a long paragraph is cut between sentences; each piece within the limit', () => {
    const sentence = (n: number) => `Sentence number ${n} says something useful about returning parcels.`;
    const long = Array.from({ length: 40 }, (_, i) => sentence(i)).join(' ');
    const passages = splitPassages(
      { kind: 'article', title: 'Long', body: long, alternatives: [] },
      { maxChars: 300 },
    );
    const sections = passages.filter((p) => p.role === 'section');
    expect(sections.length).toBeGreaterThan(5);
    for (const p of sections) expect(p.text.length).toBeLessThanOrEqual(300);
    expect(sections.map((p) => p.text).join(' ')).toBe(long);
  });

  test('a long list is cut between items and keeps its markdown', () => {
    const list = Array.from(
      { length: 30 },
      (_, i) => `- item ${i} with a little more text to make it longer`,
    ).join('\n');
    const sections = splitPassages(
      { kind: 'article', title: 'List', body: list, alternatives: [] },
      { maxChars: 200 },
    ).filter((p) => p.role === 'section');
    expect(sections.length).toBeGreaterThan(3);
    for (const p of sections) expect(p.markdown.startsWith('- item')).toBe(true);
  });

  test('a paragraph ending in a lead-in keeps what it introduces in its passage, even when long', () => {
    const intro = `${'Unused items with their tags attached can come back within 30 days of delivery. '.repeat(4)}You can return an item in three ways:`;
    const body = [
      '## Returning an item',
      '',
      intro,
      '',
      '- By post, with the label from your return email.',
      '- By courier collection.',
      '- In person at our showroom.',
      '',
      'Refunds reach your account within 14 days of the parcel arriving at our warehouse.',
    ].join('\n');
    expect(intro.length).toBeGreaterThan(300);
    const sections = splitPassages({ kind: 'article', title: 'Returns', body, alternatives: [] }).filter(
      (p) => p.role === 'section',
    );
    expect(sections.map((p) => p.markdown)).toEqual([
      `${intro}\n\n- By post, with the label from your return email.\n- By courier collection.\n- In person at our showroom.`,
      'Refunds reach your account within 14 days of the parcel arriving at our warehouse.',
    ]);
  });

  test('a section ending in a pointer carries on into the block it points at, past a heading', () => {
    const intro =
      'Everything we sell leaves from our warehouse in the Netherlands. Orders paid before 14:00 on a working day are packed and handed to the carrier the same day, later ones on the next working day. The delivery times below start from dispatch.';
    const table = '| Destination | Standard delivery |\n|---|---|\n| Benelux | 1–2 business days |';
    const after = 'Express delivery is always charged and must be chosen at checkout.';
    const body = [
      '## Dispatch',
      '',
      intro,
      '',
      '## Rates by destination',
      '',
      table,
      '',
      after,
      '',
      '## Tracking',
      '',
      'Tracking numbers start with FT.',
    ].join('\n');
    expect(intro.length).toBeGreaterThan(200);
    const sections = splitPassages(
      { kind: 'article', title: 'Shipping', body, alternatives: [] },
      { minChars: 200 },
    ).filter((p) => p.role === 'section');
    expect(sections.map((p) => [p.headings, p.anchor, p.markdown])).toEqual([
      [['Dispatch'], 'dispatch', `${intro}\n\n${table}`],
      [['Rates by destination'], 'rates-by-destination', after],
      [['Tracking'], 'tracking', 'Tracking numbers start with FT.'],
    ]);
    // "below" as a preposition points at nothing: the section ends there.
    const plain = body.replace(
      'The delivery times below start from dispatch.',
      'Nothing falls below the minimum.',
    );
    expect(
      splitPassages({ kind: 'article', title: 'Shipping', body: plain, alternatives: [] }, { minChars: 200 })
        .filter((p) => p.role === 'section')
        .map((p) => p.headings[0]),
    ).toEqual(['Dispatch', 'Rates by destination', 'Tracking']);
  });

  test('embed text is capped; hashes are stable and change with the text', () => {
    const passages = splitPassages(
      { kind: 'article', title: 'T', body: 'word '.repeat(2000), alternatives: [] },
      { maxChars: 100_000 },
    );
    expect(passages[1].embedText.length).toBeLessThanOrEqual(MAX_EMBED_CHARS);
    expect(passages[1].hash).toBe(passageHash(passages[1].embedText));
    expect(passageHash('a')).not.toBe(passageHash('b'));
    expect(passageHash('a')).toMatch(/^[0-9a-f]{16}$/);
  });

  test('script tags and HTML never reach passage text; an empty body gives only the title', () => {
    const passages = splitPassages({
      kind: 'article',
      title: 'X',
      body: '<script>alert(1)</script>\n\nVisible <b>text</b>.',
      alternatives: [],
    });
    expect(passages.map((p) => p.text)).toEqual(['X', 'Visible text.']);
    expect(
      splitPassages({ kind: 'article', title: 'Only', body: '', alternatives: [] }).map((p) => p.role),
    ).toEqual(['title']);
  });
});
