import { formatFaqFile, parseFaqFile } from './faqs-format';
import { formatIntentFile, parseIntentFile } from './intents-format';
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

  test('file-level problems are row 0: bad CSV header, broken quoting, not JSON', () => {
    for (const [format, body] of [
      ['csv', 'name,utterance\nx,y'],
      ['csv', 'name,utterances\n"x,y'],
      ['json', '{'],
      ['nlpjs', { corpus: [] }],
      ['json', { something: 1 }],
    ] as const) {
      const parsed = parseIntentFile(format, body);
      expect(parsed.ok ? [] : parsed.problems.map((p) => p.row)).toEqual([0]);
    }
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
