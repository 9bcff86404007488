import { damerauLevenshtein, extractEntities, preloadEntities, ProductGazetteer, type Entity } from './index';

const catalogue = [
  { sku: 'HRS-1', name: 'Harbor Rain Shell' },
  { sku: 'TTP-2', name: 'Trail Trekker Pants' },
  { sku: 'HF-3', name: 'Harbor Fleece' },
];
const gazetteer = new ProductGazetteer(catalogue);
const referenceDate = new Date('2024-05-15T10:00:00Z'); // a Wednesday
const options = { referenceDate, gazetteer };
const brief = (entities: Entity[]) =>
  entities.map((e) => (e.canonical ? [e.type, e.text, e.value, e.canonical] : [e.type, e.text, e.value]));

describe('extractEntities', () => {
  // [text, [type, text, value(, canonical)][]]
  const table: [string, unknown[][]][] = [
    [
      'I ordered it yesterday and it should arrive next Friday',
      [
        ['date', 'yesterday', '2024-05-14'],
        ['date', 'next Friday', '2024-05-24'],
      ],
    ],
    ['I ordered on March 3rd', [['date', 'March 3rd', '2024-03-03']]],
    ['It should arrive by June 1st', [['date', 'June 1st', '2024-06-01']]],
    ['Can you deliver in two days?', [['date', 'in two days', '2024-05-17']]],
    ['It was delivered 2 weeks ago', [['date', '2 weeks ago', '2024-05-01']]],
    ['call me tomorrow at 3pm', [['date', 'tomorrow at 3pm', '2024-05-16T15:00']]],
    ['at 9:30 tomorrow', [['date', '9:30 tomorrow', '2024-05-16T09:30']]],
    ['I sent it 3 hours ago', [['date', '3 hours ago', '2024-05-15T07:00']]],
    ['in 45 minutes', [['date', 'in 45 minutes', '2024-05-15T10:45']]],
    ['I made one a few days ago', [['date', 'a few days ago', '2024-05-12']]],
    ['the day after tomorrow', [['date', 'the day after tomorrow', '2024-05-17']]],
    ['last weekend', [['date', 'last weekend', '2024-05-11']]],
    [
      'from april to may i will be in america',
      [
        ['date', 'april', '2025-04-01'],
        ['date', 'may', '2024-05-01'],
      ],
    ],
    ['what do i have on thursday the 14th', [['date', 'thursday the 14th', '2024-06-14']]],
    ['I paid on the 20th', [['date', 'the 20th', '2024-04-20']]],
    ['delivered on 3/12', [['date', '3/12', '2024-03-12']]],
    ['it happened over the weekend', [['date', 'the weekend', '2024-05-11']]],
    ['see you at the weekend', [['date', 'the weekend', '2024-05-18']]],
    [
      '3/4 of it is broken',
      [
        ['number', '3', 3],
        ['number', '4', 4],
      ],
    ],
    ['I may be late', []],
    ['May I ask something?', []],
    ['back in december', [['date', 'december', '2023-12-01']]],
    ['next january', [['date', 'next january', '2025-01-01']]],
    ['version 1.5 of the app', [['number', '1.5', 1.5]]],
    ['on 2024-03-12 at 15:30', [['date', '2024-03-12 at 15:30', '2024-03-12T15:30']]],
    ['before noon', [['time', 'noon', '2024-05-15T12:00']]],
    ['by the end of the month', [['date', 'the end of the month', '2024-05-31']]],
    [
      'on $45.99 for order a1234',
      [
        ['money', '$45.99', { amount: 45.99, currency: 'USD' }],
        ['order_number', 'a1234', 'A1234'],
      ],
    ],
    [
      'I paid 20 euros and €15 and £9.50',
      [
        ['money', '20 euros', { amount: 20, currency: 'EUR' }],
        ['money', '€15', { amount: 15, currency: 'EUR' }],
        ['money', '£9.50', { amount: 9.5, currency: 'GBP' }],
      ],
    ],
    ['it costs 1,200 dollars', [['money', '1,200 dollars', { amount: 1200, currency: 'USD' }]]],
    ['a refund of USD 30', [['money', 'USD 30', { amount: 30, currency: 'USD' }]]],
    ['twenty dollars', [['money', 'twenty dollars', { amount: 20, currency: 'USD' }]]],
    ['I want 3 shirts', [['number', '3', 3]]],
    ['I need two hundred and fifty units', [['number', 'two hundred and fifty', 250]]],
    [
      'order A1234 and A12345 and 1234',
      [
        ['order_number', 'A1234', 'A1234'],
        ['number', '1234', 1234],
      ],
    ],
    ['tracking FT1234567890GB please', [['tracking_number', 'FT1234567890GB', 'FT1234567890GB']]],
    [
      'email me at Foo.Bar@Example.com or call +44 20 7946 0958',
      [
        ['email', 'Foo.Bar@Example.com', 'foo.bar@example.com'],
        ['phone', '+44 20 7946 0958', '+442079460958'],
      ],
    ],
    ['my number is 555-123-4567', [['phone', '555-123-4567', '5551234567']]],
    ['my harbour rain shel leaks', [['product', 'harbour rain shel', 'HRS-1', 'Harbor Rain Shell']]],
    ['the rain shell is great', [['product', 'rain shell', 'HRS-1', 'Harbor Rain Shell']]],
    [
      'I bought Trail Trekker Pants and a harbor fleece',
      [
        ['product', 'Trail Trekker Pants', 'TTP-2', 'Trail Trekker Pants'],
        ['product', 'harbor fleece', 'HF-3', 'Harbor Fleece'],
      ],
    ],
    ['my name is tom', [['person', 'tom', 'Tom']]],
    ['Hi, this is Sarah from Leeds', [['person', 'Sarah', 'Sarah']]],
    ['John Smith called me', [['person', 'John Smith', 'John Smith']]],
    ['Where is my order?', []],
    ['I may need help', []],
    ['Ich habe am 3. März bestellt', [['number', '3', 3]]],
    ['😡😡😡', []],
  ];

  it.each(table)('%j', (text, expected) => {
    const entities = extractEntities(text, options);
    expect(brief(entities)).toEqual(expected);
    for (const e of entities) expect(text.slice(e.start, e.end)).toBe(e.text);
  });

  it('reports offsets', () => {
    expect(extractEntities('Order a1234 cost €15', options)).toEqual([
      { type: 'order_number', text: 'a1234', start: 6, end: 11, value: 'A1234' },
      { type: 'money', text: '€15', start: 17, end: 20, value: { amount: 15, currency: 'EUR' } },
    ]);
  });

  it('resolves weekdays and periods like compromise-dates (weeks start on Monday)', () => {
    const table: [string, string, string][] = [
      // [reference day, expression, expected]
      ['2024-05-15', 'friday', '2024-05-17'],
      ['2024-05-15', 'wednesday', '2024-05-15'],
      ['2024-05-15', 'next monday', '2024-05-20'],
      ['2024-05-15', 'next friday', '2024-05-24'],
      ['2024-05-15', 'last friday', '2024-05-10'],
      ['2024-05-15', 'last monday', '2024-05-06'],
      ['2024-05-19', 'next friday', '2024-05-24'],
      ['2024-05-15', 'next week', '2024-05-20'],
      ['2024-05-15', 'last month', '2024-04-01'],
      ['2024-05-15', 'next year', '2025-01-01'],
      ['2024-05-15', 'in a month', '2024-06-15'],
      ['2024-05-15', '2 months ago', '2024-03-15'],
      ['2024-03-31', 'in a month', '2024-04-30'],
      ['2024-05-15', 'a week ago', '2024-05-08'],
      ['2024-05-15', 'this weekend', '2024-05-18'],
      ['2024-05-15', 'December 24', '2023-12-24'],
      ['2024-05-15', 'it arrives December 24', '2024-12-24'],
      ['2024-05-15', 'March 3, 2023', '2023-03-03'],
    ];
    for (const [day, text, expected] of table) {
      const [entity] = extractEntities(text, { referenceDate: new Date(`${day}T12:00:00Z`) });
      expect([text, entity?.value]).toEqual([text, expected]);
    }
  });

  it('reads numeric dates month first unless told otherwise', () => {
    expect(extractEntities('03/12/2024', { referenceDate })[0].value).toBe('2024-03-12');
    expect(extractEntities('03/12/2024', { referenceDate, dateOrder: 'dmy' })[0].value).toBe('2024-12-03');
  });

  it('reads the reference day in the given time zone', () => {
    const lateEvening = new Date('2024-05-15T23:30:00Z'); // already the 16th in Berlin
    expect(extractEntities('tomorrow', { referenceDate: lateEvening })[0].value).toBe('2024-05-16');
    expect(
      extractEntities('tomorrow', { referenceDate: lateEvening, timeZone: 'Europe/Berlin' })[0].value,
    ).toBe('2024-05-17');
    expect(extractEntities('tomorrow', { referenceDate: lateEvening, timeZone: 'Not/AZone' })[0].value).toBe(
      '2024-05-16',
    );
  });

  it('takes custom order and tracking patterns', () => {
    const custom = {
      referenceDate,
      patterns: { orderNumber: /\bORD-\d{6}\b/i, trackingNumber: /\b1Z[0-9A-Z]{16}\b/ },
    };
    expect(brief(extractEntities('ord-123456 shipped as 1Z999AA10123456784, not A1234', custom))).toEqual([
      ['order_number', 'ord-123456', 'ORD-123456'],
      ['tracking_number', '1Z999AA10123456784', '1Z999AA10123456784'],
    ]);
  });

  it('without compromise: regex and fast paths only', () => {
    expect(
      brief(extractEntities('John Smith paid $5 yesterday', { referenceDate, useCompromise: false })),
    ).toEqual([
      ['money', '$5', { amount: 5, currency: 'USD' }],
      ['date', 'yesterday', '2024-05-14'],
    ]);
  });

  it('can load compromise up front', () => {
    expect(() => preloadEntities()).not.toThrow();
  });

  it('leaves the shared compromise instance without the dates plugin', () => {
    extractEntities('by the end of the month, said John', options);
    const shared = require('compromise');
    expect(typeof shared('tomorrow').dates).toBe('undefined');
  });

  it('handles bad input: empty, non-strings, control characters, 100 KB, emoji, invalid dates', () => {
    expect(extractEntities('', options)).toEqual([]);
    expect(extractEntities(undefined as unknown as string, options)).toEqual([]);
    expect(extractEntities('\u0000\u0001\u0002', options)).toEqual([]);
    expect(brief(extractEntities('\u0000A1234\u0007', options))).toEqual([
      ['order_number', 'A1234', 'A1234'],
    ]);
    expect(extractEntities('🙂🙂🙂', options)).toEqual([]);
    expect(brief(extractEntities('tomorrow A1234', { referenceDate: new Date('nope') }))).toEqual([
      ['order_number', 'A1234', 'A1234'],
    ]);
    expect(brief(extractEntities('A1234 tomorrow', undefined as never))).toEqual([
      ['order_number', 'A1234', 'A1234'],
    ]);
    const huge = 'A1234 John Smith paid $5 on March 3rd. '.repeat(3000); // ~117 KB
    const started = performance.now();
    const entities = extractEntities(huge, options);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(entities.every((e) => e.end <= 2000)).toBe(true);
    expect(entities.length).toBeGreaterThan(100);
  });
});

describe('ProductGazetteer', () => {
  // [text, [sku, matched text, score][]]
  const table: [string, [string, string, number][]][] = [
    ['Harbor Rain Shell', [['HRS-1', 'Harbor Rain Shell', 1]]],
    ['harbour rain shel', [['HRS-1', 'harbour rain shel', 0.667]]],
    ['hrabor rain shell', [['HRS-1', 'hrabor rain shell', 0.833]]],
    ['rain shell', [['HRS-1', 'rain shell', 0.667]]],
    ['harbor', []],
    ['trial trekker pant', [['TTP-2', 'trial trekker pant', 0.667]]],
    [
      'harbor fleece and harbor rain shell',
      [
        ['HF-3', 'harbor fleece', 1],
        ['HRS-1', 'harbor rain shell', 1],
      ],
    ],
    ['habror rian shlel', [['HRS-1', 'habror rian shlel', 0.5]]], // one typo in every token is still a match
    ['harobr rain shell', [['HRS-1', 'harobr rain shell', 0.833]]],
    ['harbr rain shell', [['HRS-1', 'harbr rain shell', 0.833]]],
    ['hrbr rain shell', [['HRS-1', 'rain shell', 0.667]]], // two typos in "harbor": only the rest matches
    ['', []],
  ];
  it.each(table)('%j', (text, expected) => {
    expect(gazetteer.match(text).map((m) => [m.sku, text.slice(m.start, m.end), m.score])).toEqual(expected);
  });

  it('ignores bad catalogue rows and matches diacritics loosely', () => {
    const g = new ProductGazetteer([
      { sku: 'C1', name: 'Café Crème' },
      null as never,
      { sku: 'X', name: '' },
      { sku: 2 as never, name: 'Bad' },
    ]);
    expect(g.size).toBe(1);
    expect(g.match('one cafe creme please').map((m) => m.sku)).toEqual(['C1']);
  });

  it('is fast on a large catalogue', () => {
    const big = Array.from({ length: 5000 }, (_, i) => ({
      sku: `S${i}`,
      name: `Model${i} Widget Deluxe${i % 97}`,
    }));
    const g = new ProductGazetteer(big);
    const started = performance.now();
    for (let i = 0; i < 1000; i++) g.match('do you still sell the model42 widget in blue?');
    expect(performance.now() - started).toBeLessThan(500); // measured ≈ 20 µs per match
    expect(g.match('model42 widget')[0].sku).toBe('S42');
  });
});

describe('damerauLevenshtein', () => {
  const table: [string, string, number][] = [
    ['shell', 'shell', 0],
    ['shel', 'shell', 1],
    ['harbour', 'harbor', 1],
    ['hsell', 'shell', 1],
    ['kitten', 'sitting', 3],
    ['', 'abc', 3],
  ];
  it.each(table)('%s / %s', (a, b, d) => expect(damerauLevenshtein(a, b)).toBe(d));
  it('stops early past the cap', () => expect(damerauLevenshtein('abcdef', 'uvwxyz', 1)).toBe(2));
});
