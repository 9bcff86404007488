/**
 * Import and export of articles and FAQs. An import parses, then validates every row, and writes only
 * when nothing is wrong: one `articles.importMany` call (one transaction on SQLite). The report names
 * each bad row (file, line or item), its id, the field and why.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ArticleImportResult, ArticleKind, Store } from '../../store';
import {
  candidatesFromCsv,
  candidatesFromJson,
  candidatesFromMarkdown,
  readMarkdownFolder,
  toCsv,
  toJson,
  toMarkdownFiles,
  type MarkdownFile,
} from './formats';
import { validateRows, type CandidateRow, type ImportProblem } from './validate';

export type ContentFormat = 'markdown' | 'csv' | 'json';

export type ImportSource =
  | { format: 'markdown'; dir: string }
  | { format: 'markdown'; files: MarkdownFile[] }
  | { format: 'csv'; text: string }
  | { format: 'json'; text: string };

export interface ImportOptions {
  /** Also delete stored articles and FAQs the import does not contain (default false). */
  replaceAll?: boolean;
  /** Validate and report only; write nothing (default false). */
  dryRun?: boolean;
}

export interface ImportReport {
  /** True when every row was valid (and, unless dryRun, written). */
  ok: boolean;
  format: ContentFormat;
  /** Rows read (files, CSV records, JSON items). */
  rows: number;
  /** Why the import was refused: one entry per bad row and field. Empty when ok. */
  problems: ImportProblem[];
  /** Accepted, but worth knowing (e.g. raw HTML that will not be rendered). */
  warnings: ImportProblem[];
  /** What was written; null when nothing was (problems, or dryRun). */
  applied: ArticleImportResult | null;
  dryRun: boolean;
}

export type ArticleStore = Pick<Store, 'articles'>;

/** Parses a source into candidate rows (no validation yet). */
export async function readImportSource(
  source: ImportSource,
): Promise<{ candidates: CandidateRow[]; problems: ImportProblem[] }> {
  switch (source.format) {
    case 'markdown': {
      if ('dir' in source) {
        const { files, problems } = await readMarkdownFolder(source.dir);
        return { candidates: candidatesFromMarkdown(files), problems };
      }
      return { candidates: candidatesFromMarkdown(source.files), problems: [] };
    }
    case 'csv':
      return candidatesFromCsv(source.text);
    case 'json':
      return candidatesFromJson(source.text);
    default:
      return {
        candidates: [],
        problems: [
          {
            row: 'source',
            message: `unknown format ${JSON.stringify((source as { format?: unknown }).format)}`,
          },
        ],
      };
  }
}

/** Validates every row; writes all of them in one atomic call, or none. */
export async function importArticles(
  store: ArticleStore,
  source: ImportSource,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const dryRun = options.dryRun ?? false;
  const { candidates, problems: readProblems } = await readImportSource(source);
  const { rows, problems, warnings } = validateRows(candidates);
  const report: ImportReport = {
    ok: false,
    format: source.format,
    rows: candidates.length,
    problems: [...readProblems, ...problems],
    warnings,
    applied: null,
    dryRun,
  };
  if (report.problems.length === 0 && candidates.length === 0 && !options.replaceAll) {
    report.problems.push({ row: 'source', message: 'nothing to import: no rows found' });
  }
  if (report.problems.length > 0) return report;
  if (dryRun) return { ...report, ok: true };
  try {
    report.applied = await store.articles.importMany(rows, { replaceAll: options.replaceAll ?? false });
    report.ok = true;
  } catch (err) {
    // Validation ran first, so this is a race (another writer) or a fault; the store wrote nothing.
    report.problems.push(storeProblem(err as Error, candidates));
  }
  return report;
}

/**
 * A store failure as a problem: the stores name a row by its 0-based index in what they were given
 * ("import row 2 (id x): …"); every candidate was valid, so that index is the candidate's, and the
 * problem names it as every other problem does.
 */
function storeProblem(error: Error, candidates: readonly CandidateRow[]): ImportProblem {
  const match = /^import row (\d+)(?: \(id ([^)]*)\))?:? */.exec(error.message);
  const candidate = match ? candidates[Number(match[1])] : undefined;
  if (!match || !candidate) return { row: 'store', message: error.message };
  return {
    row: candidate.where,
    ...(match[2] !== undefined ? { id: match[2] } : {}),
    message: error.message.slice(match[0].length),
  };
}

export interface ExportOptions {
  format: ContentFormat;
  kind?: ArticleKind;
  /** Leave drafts out (default false: everything). */
  publishedOnly?: boolean;
}

export type ExportResult =
  | { format: 'csv' | 'json'; count: number; text: string }
  | { format: 'markdown'; count: number; files: MarkdownFile[] };

/** Every article and FAQ (optionally one kind, published only) in the chosen format, sorted by id. */
export async function exportArticles(store: ArticleStore, options: ExportOptions): Promise<ExportResult> {
  const articles = (
    await store.articles.list({ kind: options.kind, publishedOnly: options.publishedOnly })
  ).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  switch (options.format) {
    case 'markdown':
      return { format: 'markdown', count: articles.length, files: toMarkdownFiles(articles) };
    case 'csv':
      return { format: 'csv', count: articles.length, text: toCsv(articles) };
    case 'json':
      return { format: 'json', count: articles.length, text: toJson(articles) };
    default:
      throw new TypeError(`unknown export format ${JSON.stringify(options.format)}`);
  }
}

/** Writes exported Markdown files under `dir` (created if missing). Returns the paths written. */
export async function writeMarkdownFiles(dir: string, files: readonly MarkdownFile[]): Promise<string[]> {
  const written: string[] = [];
  for (const file of files) {
    const target = join(dir, ...file.path.split('/'));
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.text, 'utf8');
    written.push(target);
  }
  return written;
}
