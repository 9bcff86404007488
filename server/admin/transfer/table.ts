/**
 * Reading import files into rows with their position, so every problem can name its row: CSV
 * (header row, RFC 4180, lists in a cell as "a | b" with "\|" for a literal bar) and JSON.
 */
import { CsvSyntaxError, formatCsv, parseCsv } from '../../../knowledge-base';
import type { z } from 'zod';
import type { ImportProblem } from '../../../protocol/admin';

/** Most rows one import takes. */
export const MAX_IMPORT_ROWS = 5000;

export type Parsed<T> = { ok: true; rows: T[] } | { ok: false; problems: ImportProblem[] };

export const fileProblem = (message: string, field = ''): { ok: false; problems: ImportProblem[] } => ({
  ok: false,
  problems: [{ row: 0, field, message }],
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

/** CSV text → rows keyed by column, checking the header against the allowed and required columns. */
export function readCsv(
  text: string,
  columns: readonly string[],
  required: readonly string[],
): Parsed<CsvRow> {
  let records;
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) return fileProblem(`CSV syntax error: ${error.message}`);
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

export const writeCsv = (columns: readonly string[], rows: readonly (readonly string[])[]): string =>
  formatCsv([[...columns], ...rows]);

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

/** zod issues of one row → that row's problems. */
export function rowProblems(row: number, error: z.ZodError, fieldPrefix = ''): ImportProblem[] {
  return error.issues.map((issue) => ({
    row,
    field: fieldPrefix + issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

/** An array of rows, or `{ [key]: [...] }`. */
export function arrayIn(value: unknown, key: string): unknown[] | undefined {
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
