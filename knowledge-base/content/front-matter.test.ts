import { formatFrontMatter, parseFrontMatter } from './front-matter';

test('reads scalars, quoted strings, booleans, inline and block lists, comments', () => {
  const parsed = parseFrontMatter(
    [
      '---',
      'id: kb-returns # the id',
      'title: "Returns: \\"how\\" they work"',
      "note: 'it''s fine'",
      'published: false',
      'tags: [returns, "refunds, exchanges", \'x\']',
      '# a comment',
      'alternatives:',
      '  - How do I send it back?',
      '  - "Quoted: one"',
      'empty:',
      '---',
      '',
      'Body **here**.',
    ].join('\n'),
  );
  expect(parsed.problems).toEqual([]);
  expect(parsed.present).toBe(true);
  expect(parsed.data).toEqual({
    id: 'kb-returns',
    title: 'Returns: "how" they work',
    note: "it's fine",
    published: false,
    tags: ['returns', 'refunds, exchanges', 'x'],
    alternatives: ['How do I send it back?', 'Quoted: one'],
    empty: '',
  });
  expect(parsed.body).toBe('\nBody **here**.');
  expect(parsed.bodyLine).toBe(13);
});

test('no front matter: the whole file is the body', () => {
  expect(parseFrontMatter('# Title\n\nText')).toEqual({
    present: false,
    data: {},
    body: '# Title\n\nText',
    bodyLine: 1,
    problems: [],
  });
});

test.each([
  ['not closed', '---\nid: x\ntitle: y\n\nBody', /not closed/],
  ['a line without a colon', '---\nid x\n---\n', /line 2: expected "key: value"/],
  ['a duplicate key', '---\nid: a\nid: b\n---\n', /line 3: "id" is given twice/],
  ['an unterminated quote', '---\ntitle: "oops\n---\n', /line 2: unterminated "double-quoted"/],
  ['an unclosed inline list', '---\ntags: [a, b\n---\n', /line 2: inline list is not closed/],
  ['nesting', '---\nmeta:\n  key: value\n---\n', /line 3: unexpected indentation/],
  ['a block scalar', '---\nbody: |\n  text\n---\n', /block scalars/],
  ['an ambiguous colon', '---\ntitle: Returns: how\n---\n', /ambiguous plain value/],
  ['a mapping', '---\nx: {a: 1}\n---\n', /mappings are not supported/],
])('reports %s with its line', (_label, text, message) => {
  const parsed = parseFrontMatter(text);
  expect(parsed.problems.map((p) => `line ${p.line}: ${p.message}`).join('\n')).toMatch(message);
});

test('formatFrontMatter round-trips through parseFrontMatter', () => {
  const data = {
    id: 'faq-x',
    title: 'What\'s "new": #1?',
    published: true,
    tags: [],
    alternatives: ['a, b', "it's [odd]", '- dash'],
  };
  const text = formatFrontMatter(Object.entries(data), 'Answer.\n');
  const parsed = parseFrontMatter(text);
  expect(parsed.problems).toEqual([]);
  expect(parsed.data).toEqual(data);
  expect(parsed.body).toBe('Answer.\n');
});
