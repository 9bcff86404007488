/**
 * FAQ files: JSON (`[{ id, question, answer, alternatives, tags, locale, published }]`) and CSV with
 * the same columns (lists as "a | b"). Parsing validates every row and reports each problem with its
 * row; nothing is written here.
 */
import {
  FaqFileRowSchema,
  type FaqFileRow,
  type FaqFormat,
  type ImportProblem,
} from '../../../protocol/admin';
import type { Article } from '../../../store';
import type { ExportFile } from './intents-format';
import {
  MAX_IMPORT_ROWS,
  arrayIn,
  fileProblem,
  joinList,
  parseFlag,
  readCsv,
  readJson,
  rowProblems,
  splitList,
  writeCsv,
  type Parsed,
} from './table';

export const FAQ_CSV_COLUMNS = [
  'id',
  'question',
  'answer',
  'alternatives',
  'tags',
  'locale',
  'published',
] as const;

function validate(
  candidates: { row: number; value: unknown }[],
  extra: ImportProblem[] = [],
): Parsed<FaqFileRow> {
  if (candidates.length > MAX_IMPORT_ROWS)
    return fileProblem(`More than ${MAX_IMPORT_ROWS} FAQs; split the file.`);
  const problems = [...extra];
  const rows: FaqFileRow[] = [];
  const seen = new Map<string, number>();
  for (const candidate of candidates) {
    const parsed = FaqFileRowSchema.safeParse(candidate.value);
    if (!parsed.success) {
      problems.push(...rowProblems(candidate.row, parsed.error));
      continue;
    }
    const first = seen.get(parsed.data.id);
    if (first !== undefined) {
      problems.push({
        row: candidate.row,
        field: 'id',
        message: `"${parsed.data.id}" is also in row ${first}`,
      });
      continue;
    }
    seen.set(parsed.data.id, candidate.row);
    rows.push(parsed.data);
  }
  return problems.length
    ? { ok: false, problems: problems.sort((a, b) => a.row - b.row) }
    : { ok: true, rows };
}

function fromJson(body: unknown): Parsed<FaqFileRow> {
  const json = readJson(body);
  if (!json.ok) return json;
  const items = arrayIn(json.value, 'faqs');
  if (!items) return fileProblem('Expected a JSON array of FAQs (or { "faqs": [...] }).');
  return validate(items.map((value, index) => ({ row: index + 1, value })));
}

function fromCsv(body: unknown): Parsed<FaqFileRow> {
  if (typeof body !== 'string') return fileProblem('Send the CSV as text (Content-Type: text/csv).');
  const table = readCsv(body, FAQ_CSV_COLUMNS, ['id', 'question', 'answer']);
  if (!table.ok) return table;
  const problems: ImportProblem[] = [];
  const candidates = table.rows.map(({ row, cells }) => {
    const published = parseFlag(cells.published ?? '');
    if (published === 'invalid') problems.push({ row, field: 'published', message: 'use true or false' });
    return {
      row,
      value: {
        id: cells.id?.trim(),
        question: cells.question,
        answer: cells.answer,
        alternatives: splitList(cells.alternatives ?? ''),
        tags: splitList(cells.tags ?? ''),
        ...(cells.locale?.trim() ? { locale: cells.locale.trim() } : {}),
        ...(published === true || published === false ? { published } : {}),
      },
    };
  });
  return validate(candidates, problems);
}

export function parseFaqFile(format: FaqFormat, body: unknown): Parsed<FaqFileRow> {
  return format === 'csv' ? fromCsv(body) : fromJson(body);
}

export const toFaqFileRow = (faq: Article): FaqFileRow => ({
  id: faq.id,
  question: faq.title,
  answer: faq.body,
  alternatives: [...faq.alternatives],
  tags: [...faq.tags],
  locale: faq.locale,
  published: faq.published,
});

export function formatFaqFile(format: FaqFormat, faqs: readonly Article[]): ExportFile {
  const rows = faqs.map(toFaqFileRow);
  if (format === 'json')
    return {
      contentType: 'application/json',
      filename: 'faqs.json',
      body: `${JSON.stringify(rows, null, 2)}\n`,
    };
  return {
    contentType: 'text/csv; charset=utf-8',
    filename: 'faqs.csv',
    body: writeCsv(
      FAQ_CSV_COLUMNS,
      rows.map((f) => [
        f.id,
        f.question,
        f.answer,
        joinList(f.alternatives),
        joinList(f.tags),
        f.locale,
        String(f.published),
      ]),
    ),
  };
}
