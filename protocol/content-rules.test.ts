import { ArticleCreateSchema } from './admin';
import {
  MAX_ALTERNATIVES,
  MAX_ARTICLE_BODY,
  MAX_ARTICLE_ID_CHARS,
  MAX_ARTICLE_JSON_BYTES,
  MAX_LOCALE_CHARS,
  MAX_TAG_CHARS,
  MAX_TAGS,
  MAX_TITLE_CHARS,
  normalizeBody,
} from './content-rules';

describe('normalizeBody: the one stored form of a body', () => {
  test.each([
    ['a trailing line break (the demo seed’s templates)', '# Title\n\nText.\n', '# Title\n\nText.'],
    ['CRLF and lone CR line ends', 'one\r\ntwo\rthree', 'one\ntwo\nthree'],
    ['blank space and blank lines around it', '\r\n \t Text. \n\n', 'Text.'],
    ['blank lines inside it kept', 'a\r\n\r\n\r\nb', 'a\n\n\nb'],
    ['already in its form', 'Text.', 'Text.'],
  ])('%s', (_what, raw, stored) => {
    expect(normalizeBody(raw)).toBe(stored);
    expect(normalizeBody(stored)).toBe(stored);
  });

  test('is what the admin API stores (its schema trims, then normalises the line ends)', () => {
    for (const raw of ['x\r\n', '\r\n  x\ry \r\n\r\n', 'x\r\r\ny', ' \u2028x\u2029 ', 'a\r\n\r\nb\n']) {
      const parsed = ArticleCreateSchema.parse({ kind: 'faq', title: 'Q?', body: raw });
      expect([raw, parsed.body]).toEqual([raw, normalizeBody(raw)]);
    }
  });
});

test('MAX_ARTICLE_JSON_BYTES covers an article at every limit written in JSON’s longest escapes', () => {
  const c = '\u0001';
  const at = (length: number, i = 0) => `${i}`.padEnd(length, c);
  const article = {
    id: 'a'.repeat(MAX_ARTICLE_ID_CHARS),
    kind: 'article',
    title: at(MAX_TITLE_CHARS),
    body: at(MAX_ARTICLE_BODY),
    alternatives: Array.from({ length: MAX_ALTERNATIVES }, (_, i) => at(MAX_TITLE_CHARS, i)),
    tags: Array.from({ length: MAX_TAGS }, (_, i) => at(MAX_TAG_CHARS, i)),
    locale: 'e'.repeat(MAX_LOCALE_CHARS),
    published: false,
    version: 123456789,
  };
  const bytes = Buffer.byteLength(JSON.stringify(article));
  expect(bytes).toBeGreaterThan(MAX_ARTICLE_JSON_BYTES - 8192);
  expect(bytes).toBeLessThanOrEqual(MAX_ARTICLE_JSON_BYTES);
});
