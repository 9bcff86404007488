/**
 * Validation of imported articles and FAQs: every row is checked and every problem reported (not just
 * the first), so an admin can fix a file in one pass. Nothing is written unless all rows pass.
 *
 * The limits and patterns are protocol/content-rules.ts's, the same the admin API checks with: what
 * the API accepts imports, and what this accepts the API accepts.
 */
import {
  ARTICLE_ID_PATTERN,
  CONTENT_RULE_TEXT,
  DEFAULT_LOCALE,
  MAX_ALTERNATIVES,
  MAX_ARTICLE_BODY,
  MAX_TAG_CHARS,
  MAX_TAGS,
  MAX_TITLE_CHARS,
  isLocale,
  isOneLine,
  normalizeBody,
  normalizeLocale,
} from '../../protocol/content-rules';
import type { ArticleImportRow, ArticleKind } from '../../store';

/** What the parsers hand over: loosely typed fields and where they came from. */
export interface CandidateRow {
  /**
   * Where the row is, for people: a Markdown file's path, or "row 4" (the 4th CSV row below the
   * header, or the 4th JSON item).
   */
  where: string;
  fields: Record<string, unknown>;
  /** Problems the parser already found (broken front matter, wrong cell count…). */
  problems?: { field?: string; message: string }[];
}

export interface ImportProblem {
  /** Where the row is: a file path, "row 4" (CSV below the header, or JSON item), "header", "JSON", "source", "store". */
  row: string;
  id?: string;
  field?: string;
  message: string;
}

/** The shared id pattern (protocol/content-rules.ts), under its older name. */
export const ID_PATTERN = ARTICLE_ID_PATTERN;

/** Fields an import may carry. `version` and `updatedAt` (present in our own exports) are ignored. */
export const IMPORT_FIELDS = [
  'id',
  'kind',
  'title',
  'body',
  'alternatives',
  'tags',
  'locale',
  'published',
] as const;
const IGNORED_FIELDS = new Set(['version', 'updatedAt']);
const KINDS: readonly ArticleKind[] = ['article', 'faq'];

// Raw HTML that is never rendered as markup: reported so the author knows.
const ACTIVE_HTML =
  /<\s*(script|style|iframe|object|embed|form|input|svg|math|link|meta|base)\b|\bon[a-z]+\s*=|javascript:/i;

export interface ValidationResult {
  rows: ArticleImportRow[];
  problems: ImportProblem[];
  warnings: ImportProblem[];
}

export function validateRows(candidates: readonly CandidateRow[]): ValidationResult {
  const rows: ArticleImportRow[] = [];
  const problems: ImportProblem[] = [];
  const warnings: ImportProblem[] = [];
  const firstSeen = new Map<string, string>();

  for (const candidate of candidates) {
    const f = candidate.fields;
    const id = typeof f.id === 'string' ? f.id.trim() : undefined;
    const rowProblems: ImportProblem[] = (candidate.problems ?? []).map((p) => ({
      row: candidate.where,
      id,
      ...p,
    }));
    const problem = (field: string | undefined, message: string) =>
      rowProblems.push({ row: candidate.where, id, field, message });

    for (const key of Object.keys(f)) {
      if (!(IMPORT_FIELDS as readonly string[]).includes(key) && !IGNORED_FIELDS.has(key)) {
        problem(key, `unknown field "${key}" (allowed: ${IMPORT_FIELDS.join(', ')})`);
      }
    }

    if (id === undefined || id === '') problem('id', 'id is missing');
    else if (!ID_PATTERN.test(id)) {
      problem('id', `id "${id.slice(0, 60)}" must ${CONTENT_RULE_TEXT.id}`);
    } else {
      const seen = firstSeen.get(id);
      if (seen !== undefined) problem('id', `duplicate id "${id}" (also in ${seen})`);
      else firstSeen.set(id, candidate.where);
    }

    const kind = f.kind;
    if (kind === undefined || kind === '') problem('kind', 'kind is missing (article or faq)');
    else if (!KINDS.includes(kind as ArticleKind))
      problem('kind', `kind must be "article" or "faq", got ${JSON.stringify(kind)}`);

    const title = typeof f.title === 'string' ? f.title.trim() : f.title;
    if (title === undefined || title === '')
      problem('title', kind === 'faq' ? 'title (the question) is missing' : 'title is missing');
    else if (typeof title !== 'string') problem('title', 'title must be text');
    else if (!isOneLine(title)) problem('title', `title must ${CONTENT_RULE_TEXT.oneLine}`);
    else if (title.length > MAX_TITLE_CHARS)
      problem('title', `title is longer than ${MAX_TITLE_CHARS} characters`);

    // The stored form (as the API and the seed store it): a body then comes back from every format exactly as stored.
    const body = typeof f.body === 'string' ? normalizeBody(f.body) : f.body;
    if (body === undefined || body === '') {
      problem('body', kind === 'faq' ? 'body (the answer) is missing or empty' : 'body is missing or empty');
    } else if (typeof body !== 'string') problem('body', 'body must be text');
    else if (body.length > MAX_ARTICLE_BODY)
      problem('body', `body is longer than ${MAX_ARTICLE_BODY} characters`);
    else if (ACTIVE_HTML.test(body)) {
      warnings.push({
        row: candidate.where,
        id,
        field: 'body',
        message:
          'contains raw HTML or script; it is stored as written but never rendered as markup (scripts and styles are dropped, other tags shown as text)',
      });
    }

    const list = (
      field: 'alternatives' | 'tags',
      maxItems: number,
      maxChars: number,
    ): string[] | undefined => {
      const value = f[field];
      if (value === undefined) return [];
      if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
        problem(field, `${field} must be a list of text`);
        return undefined;
      }
      const items = value.map((item) => item.trim()).filter((item) => item !== '');
      if (items.length > maxItems) problem(field, `${field}: at most ${maxItems} items, got ${items.length}`);
      const bad = items.findIndex((item) => item.length > maxChars || !isOneLine(item));
      if (bad !== -1)
        problem(
          field,
          `${field}[${bad}]: "${items[bad].slice(0, 40)}…" must be one line of at most ${maxChars} characters`,
        );
      return items;
    };
    const alternatives = list('alternatives', MAX_ALTERNATIVES, MAX_TITLE_CHARS);
    const tags = list('tags', MAX_TAGS, MAX_TAG_CHARS);
    if (alternatives && alternatives.length > 0 && kind === 'article') {
      warnings.push({
        row: candidate.where,
        id,
        field: 'alternatives',
        message: 'alternatives are only used for FAQs',
      });
    }

    let locale = DEFAULT_LOCALE;
    if (f.locale !== undefined && f.locale !== '') {
      if (typeof f.locale !== 'string' || !isLocale(f.locale)) {
        problem('locale', `locale must ${CONTENT_RULE_TEXT.locale}, got ${JSON.stringify(f.locale)}`);
      } else locale = normalizeLocale(f.locale);
    }

    let published = true;
    if (f.published !== undefined && f.published !== '') {
      if (typeof f.published === 'boolean') published = f.published;
      else problem('published', `published must be true or false, got ${JSON.stringify(f.published)}`);
    }

    if (rowProblems.length > 0) {
      problems.push(...rowProblems);
      continue;
    }
    rows.push({
      id: id!,
      kind: kind as ArticleKind,
      title: title as string,
      body: body as string,
      alternatives: alternatives ?? [],
      tags: tags ?? [],
      locale,
      published,
    });
  }
  return { rows, problems, warnings };
}
