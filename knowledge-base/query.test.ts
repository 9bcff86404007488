import { hasWords, KnowledgeBaseError, MAX_QUERY_CHARS, normalizeQuery } from './query';

test('normalizeQuery collapses whitespace and removes control and zero-width characters', () => {
  expect(normalizeQuery('  where\u200b is\n\tmy\u0000 order?  ')).toBe('where is my order?');
  expect(normalizeQuery('')).toBe('');
});

test('very long queries are cut at a word boundary', () => {
  const long = 'return '.repeat(10_000);
  const cut = normalizeQuery(long);
  expect(cut.length).toBeLessThanOrEqual(MAX_QUERY_CHARS);
  expect(cut.endsWith('return')).toBe(true);
  expect(normalizeQuery('x'.repeat(5000))).toHaveLength(MAX_QUERY_CHARS);
});

test('non-strings are a clear error', () => {
  for (const bad of [null, undefined, 42, {}, ['a']]) {
    expect(() => normalizeQuery(bad)).toThrow(KnowledgeBaseError);
  }
  try {
    normalizeQuery(null);
  } catch (err) {
    expect((err as KnowledgeBaseError).code).toBe('invalid_query');
  }
});

test('hasWords: letters or digits in any script; punctuation and emoji alone do not count', () => {
  expect(hasWords('?!...')).toBe(false);
  expect(hasWords('🙂🙂')).toBe(false);
  expect(hasWords('—')).toBe(false);
  expect(hasWords('A1042')).toBe(true);
  expect(hasWords('Größe?')).toBe(true);
  expect(hasWords('注文')).toBe(true);
});
