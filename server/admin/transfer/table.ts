/**
 * Reading import files into rows with their position, so every problem can name its row: CSV
 * (header row, RFC 4180, lists in a cell as "a | b" with "\|" for a literal bar) and JSON; checking
 * those rows; and the files an export answers with.
 *
 * Rows count from 1: the first CSV row below the header (blank lines are not rows; a quoted cell
 * over several lines is still one row), or the first item of the JSON list. Row 0 is the file as a
 * whole: its header, its syntax before the first row, a body that is not a list.
 */
import { CsvSyntaxError, formatCsv, parseCsv } from '../../../knowledge-base';
import type { z } from 'zod';
import type { ImportProblem } from '../../../protocol/admin';

/** Most rows one import takes. */
const MAX_IMPORT_ROWS = 5000;

export type Parsed<T> = { ok: true; rows: T[] } | { ok: false; problems: ImportProblem[] };

export const fileProblem = (
  message: string,
  field = '',
  row = 0,
): { ok: false; problems: ImportProblem[] } => ({
  ok: false,
  problems: [{ row, field, message }],
});

export const splitList = (cell: string): string[] =>
  cell.trim() === ''
    ? []
    : cell
        .split(/(?<!\\)\|/)
        .map((item) => item.replace(/\\\|/g, '|').trim())
        .filter((item) => item !== '');

export const joinList = (items: readonly string[]): string =>
  items.map((item) => item.replace(/\|/g, '\\|')).join(' | ');

export interface CsvRow {
  /** 1-based data row (the header is row 0). */
  row: number;
  /** Cells by column name (missing cells are ''). */
  cells: Record<string, string>;
}

/** A CSV body → rows keyed by column, checking the header against the allowed and required columns. */
export function readCsv(
  body: unknown,
  columns: readonly string[],
  required: readonly string[],
): Parsed<CsvRow> {
  if (typeof body !== 'string') return fileProblem('Send the CSV as text (Content-Type: text/csv).');
  let records;
  try {
    records = parseCsv(body);
  } catch (error) {
    // Named by the row it breaks (the header's record is 1, so that row is record - 1; 0 is the header).
    if (error instanceof CsvSyntaxError)
      return fileProblem(`CSV syntax error: ${error.message}`, '', error.record - 1);
    throw error;
  }
  if (records.length === 0) return fileProblem('The CSV is empty: it needs a header row.');
  const [header, ...data] = records;
  const names = header.cells.map((cell) => cell.trim());
  const unknown = names.filter((name) => !columns.includes(name));
  if (unknown.length)
    return fileProblem(
      `Unknown column(s) ${unknown.join(', ')}; allowed: ${columns.join(', ')}.`,
      unknown[0],
    );
  const missing = required.filter((name) => !names.includes(name));
  if (missing.length) return fileProblem(`Missing column(s): ${missing.join(', ')}.`, missing[0]);
  if (new Set(names).size !== names.length) return fileProblem('A column is named twice in the header.');
  if (data.length > MAX_IMPORT_ROWS) return fileProblem(`More than ${MAX_IMPORT_ROWS} rows; split the file.`);
  return {
    ok: true,
    rows: data.map((record, index) => ({
      row: index + 1,
      cells: Object.fromEntries(names.map((name, i) => [name, record.cells[i] ?? ''])),
    })),
  };
}

/** What an export answers with (the route sends it as an attachment). */
export interface ExportFile {
  contentType: string;
  filename: string;
  body: string;
}

export const jsonFile = (filename: string, value: unknown): ExportFile => ({
  contentType: 'application/json',
  filename,
  body: `${JSON.stringify(value, null, 2)}\n`,
});

export const csvFile = (
  filename: string,
  columns: readonly string[],
  rows: readonly (readonly string[])[],
): ExportFile => ({
  contentType: 'text/csv; charset=utf-8',
  filename,
  body: formatCsv([[...columns], ...rows]),
});

/** A JSON body as sent (already parsed by express.json) or as text (parsed here). */
export function readJson(
  body: unknown,
): { ok: true; value: unknown } | { ok: false; problems: ImportProblem[] } {
  if (typeof body !== 'string') return { ok: true, value: body };
  try {
    return { ok: true, value: JSON.parse(body.replace(/^\uFEFF/, '')) as unknown };
  } catch (error) {
    return fileProblem(`Not valid JSON: ${(error as Error).message}`);
  }
}

/** One row of an import before it is checked: its 1-based position and what it holds. */
export interface Candidate {
  row: number;
  value: unknown;
}

/** A JSON body's items as candidates: an array, or `{ [key]: [...] }` (`what` names them in the problem). */
export function readJsonRows(body: unknown, key: string, what: string): Parsed<Candidate> {
  const json = readJson(body);
  if (!json.ok) return json;
  const items = arrayIn(json.value, key);
  if (!items) return fileProblem(`Expected a JSON array of ${what} (or { "${key}": [...] }).`);
  return { ok: true, rows: items.map((value, index) => ({ row: index + 1, value })) };
}

/**
 * Checks every candidate against `schema` and that no `key` value comes twice (the repeat names the
 * first row). `found` are problems met while reading the cells; all come back sorted by row, a row's
 * reading problems first (the sort is stable).
 */
export function checkRows<K extends string, T extends Record<K, string>>(
  candidates: readonly Candidate[],
  schema: z.ZodType<T>,
  key: K,
  what: string,
  found: readonly ImportProblem[] = [],
): Parsed<T> {
  if (candidates.length > MAX_IMPORT_ROWS)
    return fileProblem(`More than ${MAX_IMPORT_ROWS} ${what}; split the file.`);
  const problems = [...found];
  const rows: T[] = [];
  const firstRow = new Map<string, number>();
  for (const { row, value } of candidates) {
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      problems.push(...rowProblems(row, parsed.error));
      continue;
    }
    const name = parsed.data[key];
    const first = firstRow.get(name);
    if (first !== undefined) {
      problems.push({ row, field: key, message: `"${name}" is also in row ${first}` });
      continue;
    }
    firstRow.set(name, row);
    rows.push(parsed.data);
  }
  return problems.length
    ? { ok: false, problems: problems.sort((a, b) => a.row - b.row) }
    : { ok: true, rows };
}

/** zod issues of one row → that row's problems. */
function rowProblems(row: number, error: z.ZodError, fieldPrefix = ''): ImportProblem[] {
  return error.issues.map((issue) => ({
    row,
    field: fieldPrefix + issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

/** An array of rows, or `{ [key]: [...] }`. */
function arrayIn(value: unknown, key: string): unknown[] | undefined {
  if (Array.isArray(value)) return value;
  const inner = (value as Record<string, unknown> | null)?.[key];
  return Array.isArray(inner) ? inner : undefined;
}

/** A boolean cell: true/false, yes/no, 1/0 (any case); '' is undefined. */
export function parseFlag(cell: string): boolean | undefined | 'invalid' {
  const value = cell.trim().toLowerCase();
  if (value === '') return undefined;
  if (['true', 'yes', '1'].includes(value)) return true;
  if (['false', 'no', '0'].includes(value)) return false;
  return 'invalid';
}
