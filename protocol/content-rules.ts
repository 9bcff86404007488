/**
 * The rules every article and FAQ obeys, wherever it comes from: the admin API and the admin FAQ
 * import (the zod schemas in protocol/admin.ts) and the knowledge base's importer
 * (knowledge-base/content/validate.ts). One set, defined once, so what one side accepts the other
 * accepts too, and every export imports back unchanged.
 *
 * This file imports nothing (no zod either): the browser bundles and `knowledge-base/` use it as it is.
 *
 * | field | rule |
 * |---|---|
 * | id | 1–128 letters, digits, `.`, `_`, `-`, `:`, `@`; starts with a letter or digit |
 * | title (a FAQ's question) | one line, 1–300 characters after trimming |
 * | body (a FAQ's answer) | 1–200,000 characters after trimming; "\r\n" and "\r" become "\n" (`normalizeBody`) |
 * | alternatives | at most 100, each one line of at most 300 characters |
 * | tags | at most 50, each one line of at most 64 characters |
 * | locale | a BCP 47-like tag (`en`, `en-GB`, `zh-Hant-TW`, `es-419`); `_` and any letter case are accepted and stored in the usual form (`en_gb` → `en-GB`) |
 */

/** Ids: 1–128 letters, digits, ".", "_", "-", ":" or "@", starting with a letter or digit. */
export const ARTICLE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/;
export const MAX_ARTICLE_ID_CHARS = 128;
/** A title (a FAQ's question), and each alternative question. */
export const MAX_TITLE_CHARS = 300;
export const MAX_ARTICLE_BODY = 200_000;
export const MAX_ALTERNATIVES = 100;
export const MAX_TAGS = 50;
export const MAX_TAG_CHARS = 64;
/** BCP 47 asks implementations to take tags of at least 35 characters. */
export const MAX_LOCALE_CHARS = 35;
/** A language (2–3 letters), then subtags of 2–8 letters or digits, joined by "-" (or "_", normalised). */
export const LOCALE_PATTERN = /^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$/;
export const DEFAULT_LOCALE = 'en';

/**
 * Text without a line break of any kind (LF, CR, VT, FF, NEL, U+2028, U+2029): titles, alternatives
 * and tags are written on one line of Markdown front matter and one CSV cell that spreadsheets and
 * other readers still show as one line.
 */
export const ONE_LINE_PATTERN = /^[^\n\v\f\r\u0085\u2028\u2029]*$/;
export const isOneLine = (text: string): boolean => ONE_LINE_PATTERN.test(text);

/**
 * Bodies keep "\n" line ends only: a Markdown file reads "\r\n" and a lone "\r" as "\n", so a body
 * stored with them would not come back equal from a Markdown export.
 */
export const normalizeLineEnds = (text: string): string => text.replace(/\r\n?/g, '\n');

/**
 * The stored form of a body: "\n" line ends, no surrounding blank space. Every write path gives bodies
 * this form (the admin API's schema trims and normalises the line ends, the importers and the demo
 * seed call this), so a body read back from any export compares equal to the stored one and a
 * re-import reports it unchanged.
 */
export const normalizeBody = (text: string): string => normalizeLineEnds(text).trim();

/**
 * The most bytes one article or FAQ within these rules takes as a JSON request body: every character
 * at JSON's longest escape (a control character such as "\u0001" is 6 bytes), plus 4 KiB for the
 * field names, quotes and commas. A server sizes the body limit of its content routes from it, so
 * content the rules accept is never refused as too large.
 */
export const MAX_ARTICLE_JSON_BYTES =
  6 *
    (MAX_ARTICLE_ID_CHARS +
      MAX_TITLE_CHARS * (1 + MAX_ALTERNATIVES) +
      MAX_ARTICLE_BODY +
      MAX_TAGS * MAX_TAG_CHARS +
      MAX_LOCALE_CHARS) +
  4096;

/** True for a tag `normalizeLocale` accepts (surrounding spaces aside). */
export const isLocale = (tag: string): boolean => {
  const trimmed = tag.trim();
  return trimmed.length <= MAX_LOCALE_CHARS && LOCALE_PATTERN.test(trimmed);
};

/**
 * The usual form of a tag that passes `isLocale`: "-" between subtags, the language in lower case, a
 * script right after it in title case, a region (2 letters or 3 digits) in upper case, anything else
 * in lower case: `EN` → `en`, `en_gb` → `en-GB`, `zh_hant_tw` → `zh-Hant-TW`.
 */
export function normalizeLocale(tag: string): string {
  const [language, ...subtags] = tag.trim().split(/[-_]/);
  return [
    language.toLowerCase(),
    ...subtags.map((subtag, index) => {
      if (index === 0 && /^[A-Za-z]{4}$/.test(subtag))
        return subtag[0].toUpperCase() + subtag.slice(1).toLowerCase();
      if (/^(?:[A-Za-z]{2}|\d{3})$/.test(subtag)) return subtag.toUpperCase();
      return subtag.toLowerCase();
    }),
  ].join('-');
}

/** How each rule reads in an error, after the field's name ("title must be one line…"). */
export const CONTENT_RULE_TEXT = {
  id: `be 1–${MAX_ARTICLE_ID_CHARS} letters, digits, ".", "_", "-", ":" or "@", starting with a letter or digit`,
  oneLine: 'be one line (no line breaks)',
  locale: 'be a language tag such as "en" or "en-GB"',
} as const;
