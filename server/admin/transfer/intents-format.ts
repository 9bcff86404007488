/**
 * Intent files: JSON (`[{ name, utterances, responses, settings }]`), CSV (columns name, utterances,
 * responses, threshold, alwaysHuman, category; lists as "a | b") and the nlp.js corpus
 * (`{ name, locale, data: [{ intent, utterances, answers }] }`). Parsing validates every row and
 * reports every problem with its row; nothing is written here.
 */
import {
  IntentFileRowSchema,
  type ImportProblem,
  type IntentFileRow,
  type IntentFormat,
  type IntentView,
} from '../../../protocol/admin';
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

export const INTENT_CSV_COLUMNS = [
  'name',
  'utterances',
  'responses',
  'threshold',
  'alwaysHuman',
  'category',
] as const;

/** An imported intent: `settings` undefined means "keep the stored settings" (nlp.js has none). */
export type IntentImportRow = Omit<IntentFileRow, 'settings'> & { settings?: IntentFileRow['settings'] };

export interface ExportFile {
  contentType: string;
  filename: string;
  body: string;
}

/** Validates candidate rows (1-based), and that no name appears twice. */
function validate(
  candidates: { row: number; value: unknown; keepSettings?: boolean }[],
): Parsed<IntentImportRow> {
  if (candidates.length > MAX_IMPORT_ROWS)
    return fileProblem(`More than ${MAX_IMPORT_ROWS} intents; split the file.`);
  const problems: ImportProblem[] = [];
  const rows: IntentImportRow[] = [];
  const seen = new Map<string, number>();
  for (const candidate of candidates) {
    const parsed = IntentFileRowSchema.safeParse(candidate.value);
    if (!parsed.success) {
      problems.push(...rowProblems(candidate.row, parsed.error));
      continue;
    }
    const first = seen.get(parsed.data.name);
    if (first !== undefined) {
      problems.push({
        row: candidate.row,
        field: 'name',
        message: `"${parsed.data.name}" is also in row ${first}`,
      });
      continue;
    }
    seen.set(parsed.data.name, candidate.row);
    rows.push(candidate.keepSettings ? { ...parsed.data, settings: undefined } : parsed.data);
  }
  return problems.length ? { ok: false, problems } : { ok: true, rows };
}

function fromJson(body: unknown): Parsed<IntentImportRow> {
  const json = readJson(body);
  if (!json.ok) return json;
  const items = arrayIn(json.value, 'intents');
  if (!items) return fileProblem('Expected a JSON array of intents (or { "intents": [...] }).');
  return validate(items.map((value, index) => ({ row: index + 1, value })));
}

function fromCsv(body: unknown): Parsed<IntentImportRow> {
  if (typeof body !== 'string') return fileProblem('Send the CSV as text (Content-Type: text/csv).');
  const table = readCsv(body, INTENT_CSV_COLUMNS, ['name', 'utterances']);
  if (!table.ok) return table;
  const problems: ImportProblem[] = [];
  const candidates = table.rows.map(({ row, cells }) => {
    const settings: Record<string, unknown> = {};
    if (cells.threshold?.trim()) {
      const threshold = Number(cells.threshold);
      settings.threshold = Number.isFinite(threshold) ? threshold : cells.threshold;
    }
    const alwaysHuman = parseFlag(cells.alwaysHuman ?? '');
    if (alwaysHuman === 'invalid') problems.push({ row, field: 'alwaysHuman', message: 'use true or false' });
    else if (alwaysHuman !== undefined) settings.alwaysHuman = alwaysHuman;
    if (cells.category?.trim()) settings.category = cells.category.trim();
    return {
      row,
      value: {
        name: cells.name,
        utterances: splitList(cells.utterances ?? ''),
        responses: splitList(cells.responses ?? ''),
        settings,
      },
    };
  });
  const result = validate(candidates);
  if (!problems.length) return result;
  const all = [...problems, ...(result.ok ? [] : result.problems)].sort((a, b) => a.row - b.row);
  return { ok: false, problems: all };
}

/** nlp.js answers are strings or `{ answer, opts }`. */
const answerText = (answer: unknown): unknown =>
  typeof answer === 'object' && answer !== null && 'answer' in answer
    ? (answer as { answer: unknown }).answer
    : answer;

function fromNlpjs(body: unknown): Parsed<IntentImportRow> {
  const json = readJson(body);
  if (!json.ok) return json;
  const data = (json.value as { data?: unknown } | null)?.data;
  if (!Array.isArray(data))
    return fileProblem(
      'Expected an nlp.js corpus: { "data": [{ "intent", "utterances", "answers" }] }.',
      'data',
    );
  return validate(
    data.map((item: unknown, index) => {
      const entry = (item ?? {}) as { intent?: unknown; utterances?: unknown; answers?: unknown };
      return {
        row: index + 1,
        keepSettings: true,
        value: {
          name: entry.intent,
          utterances: entry.utterances,
          responses: Array.isArray(entry.answers) ? entry.answers.map(answerText) : (entry.answers ?? []),
        },
      };
    }),
  );
}

export function parseIntentFile(format: IntentFormat, body: unknown): Parsed<IntentImportRow> {
  switch (format) {
    case 'json':
      return fromJson(body);
    case 'csv':
      return fromCsv(body);
    case 'nlpjs':
      return fromNlpjs(body);
  }
}

const toFileRow = (intent: IntentView): IntentFileRow => ({
  name: intent.name,
  utterances: intent.utterances,
  responses: intent.responses,
  settings: intent.settings,
});

export function formatIntentFile(
  format: IntentFormat,
  intents: readonly IntentView[],
  locale = 'en-US',
): ExportFile {
  switch (format) {
    case 'json':
      return {
        contentType: 'application/json',
        filename: 'intents.json',
        body: `${JSON.stringify(intents.map(toFileRow), null, 2)}\n`,
      };
    case 'nlpjs':
      return {
        contentType: 'application/json',
        filename: 'corpus.json',
        body: `${JSON.stringify(
          {
            name: 'Parley',
            locale,
            data: intents.map((i) => ({ intent: i.name, utterances: i.utterances, answers: i.responses })),
          },
          null,
          2,
        )}\n`,
      };
    case 'csv':
      return {
        contentType: 'text/csv; charset=utf-8',
        filename: 'intents.csv',
        body: writeCsv(
          INTENT_CSV_COLUMNS,
          intents.map((i) => [
            i.name,
            joinList(i.utterances),
            joinList(i.responses),
            i.settings.threshold === undefined ? '' : String(i.settings.threshold),
            i.settings.alwaysHuman === undefined ? '' : String(i.settings.alwaysHuman),
            i.settings.category ?? '',
          ]),
        ),
      };
  }
}
