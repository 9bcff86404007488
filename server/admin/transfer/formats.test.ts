import { formatFaqFile, parseFaqFile } from './faqs-format';
import { formatIntentFile, parseIntentFile, resolveIntentRow } from './intents-format';
import { joinList, splitList } from './table';

describe('list cells', () => {
  test('"a | b" with "\\|" for a literal bar round-trips', () => {
    const items = ['either | or', 'plain', 'x\\y'];
    expect(splitList(joinList(items))).toEqual(items);
    expect(splitList('  ')).toEqual([]);
  });
});

describe('intent files', () => {
  const intents = [
    {
      id: 'i1',
      name: 'order.status',
      utterances: ['where is my order', 'a | b'],
      responses: ['Let me check, "quoted", with, commas.'],
      settings: { threshold: 0.5, alwaysHuman: true, category: 'orders' },
      version: 3,
      updatedAt: '2024-01-01T00:00:00.000Z',
    },
    {
      id: 'i2',
      name: 'greet',
      utterances: ['hi'],
      responses: [],
      settings: {},
      version: 1,
      updatedAt: '2024-01-01T00:00:00.000Z',
    },
  ];

  test.each(['json', 'csv', 'nlpjs'] as const)('%s export parses back to the same intents', (format) => {
    const file = formatIntentFile(format, intents);
    const parsed = parseIntentFile(format, file.body);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.rows.map((r) => [r.name, r.utterances, r.responses])).toEqual(
      intents.map((i) => [i.name, i.utterances, i.responses]),
    );
    if (format === 'nlpjs') expect(parsed.rows.every((r) => r.settings === undefined)).toBe(true);
    else expect(parsed.rows[0].settings).toEqual(intents[0].settings);
  });

  test('every bad row is reported with its number and field; a name twice names the first row', () => {
    const parsed = parseIntentFile('json', [
      { name: 'ok', utterances: ['a'] },
      { name: 'ok', utterances: ['b'] },
      { name: 'x', utterances: 'nope' },
      { name: 'y', utterances: ['c'], settings: { threshold: 2 } },
    ]);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems.map((p) => [p.row, p.field])).toEqual([
      [2, 'name'],
      [3, 'utterances'],
      [4, 'settings.threshold'],
    ]);
    expect(parsed.problems[0].message).toMatch(/row 1/);
  });

  test('file-level problems are row 0: bad CSV header, broken quoting in the header, not JSON', () => {
    for (const [format, body] of [
      ['csv', 'name,utterance\nx,y'],
      ['csv', 'name,"utterances\nx,y'],
      ['json', '{'],
      ['nlpjs', { corpus: [] }],
      ['json', { something: 1 }],
    ] as const) {
      const parsed = parseIntentFile(format, body);
      expect(parsed.ok ? [] : parsed.problems.map((p) => p.row)).toEqual([0]);
    }
  });

  test('broken quoting names the row it breaks (blank lines and lines inside quotes are not rows)', () => {
    for (const [body, row] of [
      ['name,utterances\n"x,y', 1],
      ['name,utterances\nok,"a\n\nb"\n\nsecond,"c"d', 2],
      ['name,utterances\rok,a\rbad,"open', 2],
    ] as const) {
      const parsed = parseIntentFile('csv', body);
      expect([body, parsed.ok ? [] : parsed.problems.map((p) => p.row)]).toEqual([body, [row]]);
    }
  });

  describe('what a file leaves out is kept, what it gives empty is cleared', () => {
    const stored = {
      responses: ['Sorry to see you go.'],
      settings: { threshold: 0.9, alwaysHuman: true, category: 'account' },
    };
    const resolved = (format: 'csv' | 'json' | 'nlpjs', body: unknown) => {
      const parsed = parseIntentFile(format, body);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
      return parsed.rows.map((row) => resolveIntentRow(row, stored));
    };

    test.each([
      ['CSV without settings or responses columns', 'csv', 'name,utterances\nclose,close it', stored],
      [
        'CSV with an empty alwaysHuman cell (threshold and category absent)',
        'csv',
        'name,utterances,alwaysHuman\nclose,close it,',
        { ...stored, settings: { threshold: 0.9, category: 'account' } },
      ],
      [
        'CSV with every column, cells empty',
        'csv',
        'name,utterances,responses,threshold,alwaysHuman,category\nclose,close it,,,,',
        { responses: [], settings: {} },
      ],
      [
        'CSV setting a threshold only',
        'csv',
        'name,utterances,threshold\nclose,close it,0.4',
        { ...stored, settings: { ...stored.settings, threshold: 0.4 } },
      ],
      ['JSON without settings or responses', 'json', [{ name: 'close', utterances: ['close it'] }], stored],
      [
        'JSON whose settings leave keys out',
        'json',
        [{ name: 'close', utterances: ['close it'], settings: { category: 'billing' } }],
        { ...stored, settings: { category: 'billing' } },
      ],
      [
        'an nlp.js corpus without answers',
        'nlpjs',
        { data: [{ intent: 'close', utterances: ['close it'] }] },
        stored,
      ],
    ] as const)('%s', (_what, format, body, expected) => {
      expect(resolved(format, body)).toEqual([{ name: 'close', utterances: ['close it'], ...expected }]);
    });

    test('a new intent starts from no responses and default settings', () => {
      const parsed = parseIntentFile('csv', 'name,utterances,alwaysHuman\nnew,hello,');
      if (!parsed.ok) throw new Error('expected rows');
      expect(resolveIntentRow(parsed.rows[0])).toEqual({
        name: 'new',
        utterances: ['hello'],
        responses: [],
        settings: {},
      });
    });
  });
});

describe('FAQ files', () => {
  const faqs = [
    {
      id: 'faq-1',
      kind: 'faq' as const,
      title: 'How do I pay?',
      body: 'Card, or invoice\nfor businesses.',
      alternatives: ['payment options'],
      tags: ['billing'],
      locale: 'en',
      published: false,
      version: 1,
      updatedAt: '2024-01-01T00:00:00.000Z',
    },
  ];

  test.each(['json', 'csv'] as const)('%s export parses back', (format) => {
    const parsed = parseFaqFile(format, formatFaqFile(format, faqs).body);
    expect(parsed).toEqual({
      ok: true,
      rows: [
        {
          id: 'faq-1',
          question: 'How do I pay?',
          answer: 'Card, or invoice\nfor businesses.',
          alternatives: ['payment options'],
          tags: ['billing'],
          locale: 'en',
          published: false,
        },
      ],
    });
  });
});
