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
  checkRows,
  csvFile,
  fileProblem,
  joinList,
  jsonFile,
  parseFlag,
  readCsv,
  readJson,
  readJsonRows,
  splitList,
  type Candidate,
  type ExportFile,
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

const check = (candidates: readonly Candidate[], found?: ImportProblem[]): Parsed<IntentImportRow> =>
  checkRows(candidates, IntentFileRowSchema, 'name', 'intents', found);

function fromJson(body: unknown): Parsed<IntentImportRow> {
  const items = readJsonRows(body, 'intents', 'intents');
  return items.ok ? check(items.rows) : items;
}

function fromCsv(body: unknown): Parsed<IntentImportRow> {
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
  return check(candidates, problems);
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
  const checked = check(
    data.map((item: unknown, index) => {
      const entry = (item ?? {}) as { intent?: unknown; utterances?: unknown; answers?: unknown };
      return {
        row: index + 1,
        value: {
          name: entry.intent,
          utterances: entry.utterances,
          responses: Array.isArray(entry.answers) ? entry.answers.map(answerText) : (entry.answers ?? []),
        },
      };
    }),
  );
  // A corpus has no settings: the stored ones stay.
  return checked.ok
    ? { ok: true, rows: checked.rows.map((row) => ({ ...row, settings: undefined })) }
    : checked;
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
      return jsonFile('intents.json', intents.map(toFileRow));
    case 'nlpjs':
      return jsonFile('corpus.json', {
        name: 'Parley',
        locale,
        data: intents.map((i) => ({ intent: i.name, utterances: i.utterances, answers: i.responses })),
      });
    case 'csv':
      return csvFile(
        'intents.csv',
        INTENT_CSV_COLUMNS,
        intents.map((i) => [
          i.name,
          joinList(i.utterances),
          joinList(i.responses),
          i.settings.threshold === undefined ? '' : String(i.settings.threshold),
          i.settings.alwaysHuman === undefined ? '' : String(i.settings.alwaysHuman),
          i.settings.category ?? '',
        ]),
      );
  }
}
