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
import {
  checkRows,
  csvFile,
  joinList,
  jsonFile,
  parseFlag,
  readCsv,
  readJsonRows,
  splitList,
  type Candidate,
  type ExportFile,
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

const check = (candidates: readonly Candidate[], found?: ImportProblem[]): Parsed<FaqFileRow> =>
  checkRows(candidates, FaqFileRowSchema, 'id', 'FAQs', found);

function fromJson(body: unknown): Parsed<FaqFileRow> {
  const items = readJsonRows(body, 'faqs', 'FAQs');
  return items.ok ? check(items.rows) : items;
}

function fromCsv(body: unknown): Parsed<FaqFileRow> {
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
  return check(candidates, problems);
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
  if (format === 'json') return jsonFile('faqs.json', rows);
  return csvFile(
    'faqs.csv',
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
  );
}
