/**
 * The three content formats, both ways.
 *
 * Markdown folder: one `.md` file per article or FAQ (subfolders allowed), front matter for the fields,
 * the body below it (a FAQ's answer). Without an `id`, the file name (without `.md`) is the id; without
 * a `kind`, it is an article; without a `title`, the first `# heading` is. `draft: true` is accepted as
 * `published: false`.
 *
 * CSV: a header row naming the columns id, kind, title, body (required) and alternatives, tags, locale,
 * published (optional), in any order. Lists are separated by `|` (a literal pipe is `\|`); published is
 * true/false.
 *
 * JSON: an array of objects with those fields (lists as arrays, published as a boolean), or an object
 * `{ "articles": [...] }`. Our exports also carry version and updatedAt, which imports ignore.
 *
 * Problems name their row as the admin API's imports do: "row 3" is the third CSV row below the header
 * (blank lines not counted; a quoted cell spanning lines is still one row) or the third JSON item;
 * "header" is the CSV header, a Markdown file is named by its path.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join, relative, sep } from 'node:path';
import type { Article } from '../../store';
import { formatCsv, parseCsv, CsvSyntaxError } from './csv';
import { formatFrontMatter, parseFrontMatter } from './front-matter';
import type { CandidateRow, ImportProblem } from './validate';

export interface MarkdownFile {
  /** Path relative to the folder, with "/" separators. */
  path: string;
  text: string;
}

export const MAX_FILE_BYTES = 1_000_000;
export const MAX_FILES = 10_000;
const MARKDOWN_EXTENSIONS = new Set(['.md', '.markdown']);

/** Reads every Markdown file under `dir` (sorted; hidden folders and node_modules skipped). */
export async function readMarkdownFolder(
  dir: string,
): Promise<{ files: MarkdownFile[]; problems: ImportProblem[] }> {
  const files: MarkdownFile[] = [];
  const problems: ImportProblem[] = [];
  const walk = async (folder: string): Promise<void> => {
    const entries = (await readdir(folder, { withFileTypes: true })).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    );
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = join(folder, entry.name);
      const path = relative(dir, full).split(sep).join('/');
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile() && MARKDOWN_EXTENSIONS.has(extname(entry.name).toLowerCase())) {
        if (files.length >= MAX_FILES) {
          problems.push({ row: path, message: `more than ${MAX_FILES} files; split the import` });
          return;
        }
        const size = (await stat(full)).size;
        if (size > MAX_FILE_BYTES)
          problems.push({ row: path, message: `file is larger than ${MAX_FILE_BYTES} bytes` });
        else files.push({ path, text: await readFile(full, 'utf8') });
      }
    }
  };
  try {
    if (!(await stat(dir)).isDirectory()) return { files, problems: [{ row: dir, message: 'not a folder' }] };
    await walk(dir);
  } catch (err) {
    problems.push({ row: dir, message: `cannot read the folder: ${(err as Error).message}` });
  }
  return { files, problems };
}

export function candidatesFromMarkdown(files: readonly MarkdownFile[]): CandidateRow[] {
  return files.map((file) => {
    const parsed = parseFrontMatter(file.text);
    const problems = parsed.problems.map((p) => ({ message: `front matter line ${p.line}: ${p.message}` }));
    const fields: Record<string, unknown> = { ...parsed.data };
    if ('draft' in fields) {
      if ('published' in fields) problems.push({ message: 'give either "draft" or "published", not both' });
      else if (typeof fields.draft !== 'boolean') problems.push({ message: 'draft must be true or false' });
      else fields.published = !fields.draft;
      delete fields.draft;
    }
    if (fields.id === undefined) fields.id = basename(file.path, extname(file.path));
    if (fields.kind === undefined) fields.kind = 'article';
    if (fields.title === undefined) {
      const heading = /^ {0,3}# +(.+?)(?: +#+)? *$/m.exec(parsed.body);
      if (heading) fields.title = heading[1].trim();
    }
    fields.body = parsed.body.replace(/^\n+/, '').replace(/\s+$/, '');
    if (!parsed.present && fields.title === undefined)
      problems.push({ message: 'no front matter and no "# title" heading' });
    return { where: file.path, fields, problems };
  });
}

export const CSV_COLUMNS = [
  'id',
  'kind',
  'title',
  'body',
  'alternatives',
  'tags',
  'locale',
  'published',
] as const;
const REQUIRED_COLUMNS = ['id', 'kind', 'title', 'body'];

const splitList = (cell: string): string[] =>
  cell === ''
    ? []
    : cell
        .split(/(?<!\\)\|/)
        .map((item) => item.replace(/\\\|/g, '|').trim())
        .filter((item) => item !== '');
const joinList = (items: readonly string[]) => items.map((item) => item.replace(/\|/g, '\\|')).join(' | ');

/** How a problem names a CSV data row (1-based below the header); 0 is the header. */
const csvRow = (row: number): string => (row === 0 ? 'header' : `row ${row}`);

export function candidatesFromCsv(text: string): { candidates: CandidateRow[]; problems: ImportProblem[] } {
  let records;
  try {
    records = parseCsv(text);
  } catch (err) {
    if (err instanceof CsvSyntaxError)
      return {
        candidates: [],
        problems: [
          {
            row: csvRow(err.record - 1),
            message: `${err.message.replace(/^line \d+: /, '')} (line ${err.line})`,
          },
        ],
      };
    throw err;
  }
  if (records.length === 0)
    return { candidates: [], problems: [{ row: 'header', message: 'the CSV is empty (no header row)' }] };
  const [header, ...data] = records;
  const columns = header.cells.map((c) => c.trim());
  const problems: ImportProblem[] = [];
  const unknown = columns.filter((c) => !(CSV_COLUMNS as readonly string[]).includes(c));
  if (unknown.length > 0)
    problems.push({
      row: 'header',
      message: `unknown column(s) ${unknown.map((c) => JSON.stringify(c)).join(', ')}; allowed: ${CSV_COLUMNS.join(', ')}`,
    });
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length > 0)
    problems.push({ row: 'header', message: `missing column(s): ${missing.join(', ')}` });
  const repeated = columns.filter((c, i) => columns.indexOf(c) !== i);
  if (repeated.length > 0)
    problems.push({ row: 'header', message: `column(s) given twice: ${[...new Set(repeated)].join(', ')}` });
  if (problems.length > 0) return { candidates: [], problems };

  const candidates = data.map((record, index) => {
    const rowProblems: { message: string }[] = [];
    if (record.cells.length !== columns.length) {
      rowProblems.push({ message: `has ${record.cells.length} fields, the header ${columns.length}` });
    }
    const fields: Record<string, unknown> = {};
    columns.forEach((column, i) => {
      const cell = record.cells[i] ?? '';
      if (column === 'alternatives' || column === 'tags') fields[column] = splitList(cell);
      else if (column === 'published') {
        const v = cell.trim().toLowerCase();
        fields.published = v === '' ? undefined : v === 'true' ? true : v === 'false' ? false : cell;
      } else if (column === 'body') fields.body = cell;
      else fields[column] = cell.trim();
    });
    return { where: csvRow(index + 1), fields, problems: rowProblems };
  });
  return { candidates, problems: [] };
}

export function candidatesFromJson(text: string): { candidates: CandidateRow[]; problems: ImportProblem[] } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    return {
      candidates: [],
      problems: [{ row: 'JSON', message: `not valid JSON: ${(err as Error).message}` }],
    };
  }
  const items = Array.isArray(parsed) ? parsed : (parsed as { articles?: unknown } | null)?.articles;
  if (!Array.isArray(items)) {
    return {
      candidates: [],
      problems: [{ row: 'JSON', message: 'expected an array of articles, or { "articles": [...] }' }],
    };
  }
  return {
    candidates: items.map((item, i) =>
      typeof item === 'object' && item !== null && !Array.isArray(item)
        ? { where: `row ${i + 1}`, fields: { ...(item as Record<string, unknown>) } }
        : { where: `row ${i + 1}`, fields: {}, problems: [{ message: 'not an object' }] },
    ),
    problems: [],
  };
}

// ---- export ----

/** File name of an article: its id when that is a safe name, else an encoded form (the id is in the front matter). */
export const fileNameFor = (id: string): string =>
  `${/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(id) ? id : encodeURIComponent(id).replace(/\./g, '%2E')}.md`;

export function toMarkdownFiles(articles: readonly Article[]): MarkdownFile[] {
  return articles.map((a) => ({
    path: fileNameFor(a.id),
    text: formatFrontMatter(
      [
        ['id', a.id],
        ['kind', a.kind],
        ['title', a.title],
        ['locale', a.locale],
        ['published', a.published],
        ['tags', a.tags],
        ['alternatives', a.kind === 'faq' || a.alternatives.length > 0 ? a.alternatives : undefined],
      ],
      a.body,
    ),
  }));
}

export function toCsv(articles: readonly Article[]): string {
  return formatCsv([
    [...CSV_COLUMNS],
    ...articles.map((a) => [
      a.id,
      a.kind,
      a.title,
      a.body,
      joinList(a.alternatives),
      joinList(a.tags),
      a.locale,
      String(a.published),
    ]),
  ]);
}

export function toJson(articles: readonly Article[]): string {
  return (
    JSON.stringify(
      articles.map((a) => ({
        id: a.id,
        kind: a.kind,
        title: a.title,
        body: a.body,
        alternatives: a.alternatives,
        tags: a.tags,
        locale: a.locale,
        published: a.published,
        version: a.version,
        updatedAt: a.updatedAt,
      })),
      null,
      2,
    ) + '\n'
  );
}
