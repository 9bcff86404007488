/**
 * The importer's rules are the admin API's (protocol/content-rules.ts): every case below is accepted
 * by both or refused by both, content at every limit survives each format, and a refusal names the
 * row and the field.
 */
import { ArticleCreateSchema, FaqFileRowSchema } from '../../protocol/admin';
import {
  MAX_ALTERNATIVES,
  MAX_ARTICLE_BODY,
  MAX_LOCALE_CHARS,
  MAX_TAG_CHARS,
  MAX_TAGS,
  MAX_TITLE_CHARS,
  normalizeLocale,
} from '../../protocol/content-rules';
import type { Article } from '../../store';
import {
  candidatesFromCsv,
  candidatesFromJson,
  candidatesFromMarkdown,
  MAX_FILE_BYTES,
  toCsv,
  toJson,
  toMarkdownFiles,
} from './formats';
import { validateRows } from './validate';

const text = (length: number, unit = 'x') => unit.repeat(length);
const list = (count: number, length: number) =>
  Array.from({ length: count }, (_, i) => `${i}`.padEnd(length, 'q'));

/** A FAQ at every limit at once. */
const atLimits = {
  id: `faq:returns@v2.${text(128 - 'faq:returns@v2.'.length, 'a')}`,
  kind: 'faq',
  title: text(MAX_TITLE_CHARS, 'T'),
  body: text(MAX_ARTICLE_BODY, 'b'),
  alternatives: list(MAX_ALTERNATIVES, MAX_TITLE_CHARS),
  tags: list(MAX_TAGS, MAX_TAG_CHARS),
  locale: 'en-GB',
  published: false,
} as const;

const importer = (fields: Record<string, unknown>) =>
  validateRows([{ where: 'row 1', fields: { ...atLimits, ...fields } }]);
const api = (fields: Record<string, unknown>) => {
  const { kind: _kind, ...rest } = { ...atLimits, ...fields };
  return ArticleCreateSchema.safeParse({ kind: 'faq', ...rest });
};

describe('one set of rules for the importer and the admin API', () => {
  test('content at every limit passes both, unchanged', () => {
    const imported = importer({});
    expect(imported.problems).toEqual([]);
    expect(imported.rows).toEqual([
      { ...atLimits, alternatives: [...atLimits.alternatives], tags: [...atLimits.tags] },
    ]);
    const viaApi = api({});
    expect(viaApi.success && viaApi.data).toEqual({ ...atLimits, kind: 'faq' });
  });

  const beyond: [string, string, unknown][] = [
    ['id', 'an id of 129 characters', text(129, 'a')],
    ['id', 'an id with a space', 'faq returns'],
    ['id', 'an id starting with "-"', '-faq'],
    ['title', 'a title with "\\n"', 'Line one\nline two'],
    ['title', 'a title with "\\r"', 'Line one\rline two'],
    ['title', 'a title with U+2028', 'Line one\u2028line two'],
    ['title', `a title of ${MAX_TITLE_CHARS + 1} characters`, text(MAX_TITLE_CHARS + 1)],
    ['body', `a body of ${MAX_ARTICLE_BODY + 1} characters`, text(MAX_ARTICLE_BODY + 1)],
    ['alternatives', `${MAX_ALTERNATIVES + 1} alternatives`, list(MAX_ALTERNATIVES + 1, 5)],
    ['alternatives', 'an alternative over the length', [text(MAX_TITLE_CHARS + 1)]],
    ['alternatives', 'an alternative on two lines', ['one\ntwo']],
    ['tags', `${MAX_TAGS + 1} tags`, list(MAX_TAGS + 1, 5)],
    ['tags', `a tag of ${MAX_TAG_CHARS + 1} characters`, [text(MAX_TAG_CHARS + 1)]],
    ['tags', 'a tag on two lines', ['a\nb']],
    ['locale', 'a locale that is a word', 'english'],
    ['locale', 'a one-letter locale', 'e'],
    ['locale', 'a locale ending in "-"', 'en-'],
    ['locale', `a locale of ${MAX_LOCALE_CHARS + 1} characters`, `en${'-abcdefgh'.repeat(3)}-abcdef`],
  ];
  test.each(beyond)('%s: %s is refused by both, naming the field', (field, _what, value) => {
    const imported = importer({ [field]: value });
    expect(imported.rows).toEqual([]);
    expect(imported.problems).toEqual([expect.objectContaining({ row: 'row 1', field })]);
    const viaApi = api({ [field]: value });
    expect(viaApi.success).toBe(false);
    if (!viaApi.success) expect(viaApi.error.issues.map((issue) => issue.path[0])).toContain(field);
  });

  test.each([
    ['en_GB', 'en-GB'],
    ['EN', 'en'],
    ['en-gb', 'en-GB'],
    ['zh_hant_tw', 'zh-Hant-TW'],
    ['es-419', 'es-419'],
    ['de-CH-1901', 'de-CH-1901'],
    [' pt_br ', 'pt-BR'],
  ])('locale %j is accepted by both and stored as %j', (given, stored) => {
    expect(normalizeLocale(given)).toBe(stored);
    expect(importer({ locale: given }).rows[0]?.locale).toBe(stored);
    const viaApi = api({ locale: given });
    expect(viaApi.success && viaApi.data.locale).toBe(stored);
    const faqRow = FaqFileRowSchema.safeParse({ id: 'faq-x', question: 'Q?', answer: 'A.', locale: given });
    expect(faqRow.success && faqRow.data.locale).toBe(stored);
  });

  test('ids with ":" and "@" pass both, also in the admin FAQ file', () => {
    expect(importer({ id: 'faq:returns' }).problems).toEqual([]);
    expect(api({ id: 'faq:returns' }).success).toBe(true);
    expect(FaqFileRowSchema.safeParse({ id: 'kb@2:returns', question: 'Q?', answer: 'A.' }).success).toBe(
      true,
    );
  });

  test('a body is trimmed and its "\\r\\n" and "\\r" become "\\n" on both sides', () => {
    expect(importer({ body: '\n  one\r\ntwo\rthree\r\n' }).rows[0]?.body).toBe('one\ntwo\nthree');
    const viaApi = api({ body: '\n  one\r\ntwo\rthree\r\n' });
    expect(viaApi.success && viaApi.data.body).toBe('one\ntwo\nthree');
  });

  test('every problem of a row is reported with its row and field, in one pass', () => {
    const result = validateRows([
      { where: 'line 2', fields: { id: 'ok', kind: 'faq', title: 'Fine?', body: 'Yes.' } },
      {
        where: 'line 3',
        fields: {
          id: 'bad',
          kind: 'faq',
          title: 'Two\nlines',
          body: 'A.',
          tags: [text(MAX_TAG_CHARS + 1)],
          locale: 'en_GB_x',
        },
      },
    ]);
    expect(result.problems.map((p) => `${p.row} ${p.field}: ${p.message}`)).toEqual([
      'line 3 title: title must be one line (no line breaks)',
      `line 3 tags: tags[0]: "${text(40)}…" must be one line of at most ${MAX_TAG_CHARS} characters`,
      'line 3 locale: locale must be a language tag such as "en" or "en-GB", got "en_GB_x"',
    ]);
  });
});

describe('content at every limit survives each format', () => {
  const stored = (over: Partial<Article> = {}): Article => ({
    ...atLimits,
    alternatives: [...atLimits.alternatives],
    tags: [...atLimits.tags, 'a | b', 'back\\slash'].slice(-MAX_TAGS),
    version: 3,
    updatedAt: '2024-01-01T00:00:00.000Z',
    ...over,
  });
  const content = ({ version: _v, updatedAt: _u, ...rest }: Article) => rest;

  test.each(['markdown', 'csv', 'json'] as const)(
    '%s: exported, read back, validated: the same',
    (format) => {
      const articles = [
        stored(),
        stored({
          id: 'kb-quotes',
          kind: 'article',
          title: '"Quoted", with: commas # and more',
          alternatives: [],
        }),
      ];
      const candidates =
        format === 'markdown'
          ? candidatesFromMarkdown(toMarkdownFiles(articles))
          : (format === 'csv' ? candidatesFromCsv(toCsv(articles)) : candidatesFromJson(toJson(articles)))
              .candidates;
      const result = validateRows(candidates);
      expect(result.problems).toEqual([]);
      expect(result.rows).toEqual(articles.map(content));
    },
  );

  test('a Markdown file at every limit, in 3-byte characters, stays under the file size limit', () => {
    const wide = stored({
      title: text(MAX_TITLE_CHARS, '€'),
      body: text(MAX_ARTICLE_BODY, '€'),
      alternatives: list(MAX_ALTERNATIVES, MAX_TITLE_CHARS).map((a) => text(a.length, '\u0001')),
      tags: list(MAX_TAGS, MAX_TAG_CHARS).map((t) => text(t.length, '\u0001')),
    });
    const [file] = toMarkdownFiles([wide]);
    expect(Buffer.byteLength(file.text)).toBeLessThan(MAX_FILE_BYTES);
  });
});
