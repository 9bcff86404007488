import { splitMarkdown, splitSentences, stripInlineMarkdown } from './sentences';

const texts = (input: string, newlines = true) => splitSentences(input, newlines).map((s) => s.text);

describe('splitSentences', () => {
  test.each([
    [
      'abbreviations and titles',
      'Hi Mr. Smith, e.g. this is fine. Dr. Who said hi.',
      ['Hi Mr. Smith, e.g. this is fine.', 'Dr. Who said hi.'],
    ],
    ['decimals and prices', 'It costs $4.50. Cheap at 3.5 USD!', ['It costs $4.50.', 'Cheap at 3.5 USD!']],
    [
      'version numbers',
      'My iPhone is on 11.1.2, and my watch is on 4.1. Any ideas?',
      ['My iPhone is on 11.1.2, and my watch is on 4.1.', 'Any ideas?'],
    ],
    [
      'order numbers',
      'Order No. 12345 and order 408-1929729.8238743 are late. Ref. 99 too.',
      ['Order No. 12345 and order 408-1929729.8238743 are late.', 'Ref. 99 too.'],
    ],
    [
      'URLs',
      'See https://x.co/a.b?c=1. Then www.example.com/page.html works.',
      ['See https://x.co/a.b?c=1.', 'Then www.example.com/page.html works.'],
    ],
    [
      'e-mail addresses',
      'Contact john.Smith@example.com. Thanks',
      ['Contact john.Smith@example.com.', 'Thanks'],
    ],
    [
      'times and months',
      'Shipped on Jan. 5 at 3 p.m. today! Arrives Mon.',
      ['Shipped on Jan. 5 at 3 p.m. today!', 'Arrives Mon.'],
    ],
    [
      'initials',
      'J. R. R. Tolkien wrote it. The U.S. Army too.',
      ['J. R. R. Tolkien wrote it.', 'The U.S. Army too.'],
    ],
    ['quotes and ?!', 'He said "stop." Then left?! Yes', ['He said "stop."', 'Then left?!', 'Yes']],
    ['ellipsis', 'Wait... what? It is... fine', ['Wait... what?', 'It is... fine']],
    [
      'no space after a full stop in chat',
      'Our engineers are on the issue.Kindly bear with us.',
      ['Our engineers are on the issue.', 'Kindly bear with us.'],
    ],
    ['domain-like words stay whole', 'Visit shop.Example.com now.', ['Visit shop.Example.com now.']],
    [
      'lower-case continuation does not split',
      'I paid approx. 20 dollars. i think',
      ['I paid approx. 20 dollars. i think'],
    ],
  ])('%s', (_name, input, expected) => {
    expect(texts(input)).toEqual(expected);
  });

  test('newlines split chat text but not when newlines=false', () => {
    expect(texts('My order is late\nPlease help')).toEqual(['My order is late', 'Please help']);
    expect(texts('My order is\nlate. Help', false)).toEqual(['My order is late.', 'Help']);
  });

  test('offsets point into the input', () => {
    const input = 'One here.  Two there!';
    for (const s of splitSentences(input)) expect(input.slice(s.start, s.start + s.text.length)).toBe(s.text);
  });

  test('empty and whitespace-only input give no sentences', () => {
    expect(splitSentences('')).toEqual([]);
    expect(splitSentences(' \n\t ')).toEqual([]);
  });
});

describe('splitMarkdown', () => {
  const md = [
    '# Returns',
    '',
    'Intro paragraph that is',
    'soft wrapped. Second sentence.',
    '',
    '* item one',
    '* item **two** with [a link](http://a.b/c.d). And more.',
    '',
    '> quoted text.',
    '',
    '```',
    'code. here.',
    '```',
    '',
    '    indented code. here.',
    '',
    '| a | b |',
    '|---|---|',
    '',
    'Setext title',
    '------------',
    '',
    '1. Last ![img](x.png) step.',
  ].join('\n');

  test('keeps prose, drops headings, code, tables; returns original text and plain text', () => {
    expect(splitMarkdown(md).map(({ text, plain, block }) => ({ text, plain, block }))).toEqual([
      {
        text: 'Intro paragraph that is soft wrapped.',
        plain: 'Intro paragraph that is soft wrapped.',
        block: 0,
      },
      { text: 'Second sentence.', plain: 'Second sentence.', block: 0 },
      { text: 'item one', plain: 'item one', block: 1 },
      { text: 'item **two** with [a link](http://a.b/c.d).', plain: 'item two with a link.', block: 2 },
      { text: 'And more.', plain: 'And more.', block: 2 },
      { text: 'quoted text.', plain: 'quoted text.', block: 3 },
      { text: 'Last ![img](x.png) step.', plain: 'Last step.', block: 4 },
    ]);
  });

  test('stripInlineMarkdown', () => {
    expect(
      stripInlineMarkdown('Use *Save* or __Apply__, see `cfg` and <b>[docs](https://d.io/x)</b>, ~~old~~.'),
    ).toBe('Use Save or Apply, see cfg and docs , old.');
  });
});
