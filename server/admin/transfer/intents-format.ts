/**
 * Intent files: JSON (`[{ name, utterances, responses, settings }]`), CSV (columns name, utterances,
 * responses, threshold, alwaysHuman, category; lists as "a | b") and the nlp.js corpus
 * (`{ name, locale, data: [{ intent, utterances, answers }] }`). Parsing validates every row and
 * reports every problem with its row; nothing is written here.
 *
 * What a file leaves out, an import keeps: an intent's stored responses stay when the file has no
 * responses (CSV column, JSON field, nlp.js `answers`), and each stored setting stays when its CSV
 * column is absent (JSON: when `settings` is absent; nlp.js has none). What a file gives, it sets, and
 * given but empty clears: an empty threshold, alwaysHuman or category cell, or a JSON `settings`
 * without that key, puts the setting back to its default. A new intent starts from no responses and
 * default settings.
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

type IntentSettings = IntentFileRow['settings'];
type SettingKey = keyof IntentSettings;
const SETTING_KEYS: readonly SettingKey[] = ['threshold', 'alwaysHuman', 'category'];

/** Per setting: a value sets it, null puts it back to its default, absent keeps the stored one. */
type IntentSettingsPatch = { [K in SettingKey]?: IntentSettings[K] | null };

/** An imported intent as the file gives it; `resolveIntentRow` fills in what it leaves out. */
export interface IntentImportRow {
  name: string;
  utterances: string[];
  /** Undefined: the file has no responses, keep the stored ones. */
  responses?: string[];
  /** Undefined: keep every stored setting. */
  settings?: IntentSettingsPatch;
}

/** The intent an import row makes of `before` (the stored intent of that name, if any). */
export function resolveIntentRow(
  row: IntentImportRow,
  before?: Pick<IntentFileRow, 'responses' | 'settings'>,
): IntentFileRow {
  const settings: Record<string, unknown> = { ...before?.settings };
  for (const [key, value] of Object.entries(row.settings ?? {})) {
    if (value === null) delete settings[key];
    else if (value !== undefined) settings[key] = value;
  }
  return {
    name: row.name,
    utterances: row.utterances,
    responses: row.responses ?? before?.responses ?? [],
    settings: settings as IntentSettings,
  };
}

const check = (candidates: readonly Candidate[], found?: ImportProblem[]): Parsed<IntentFileRow> =>
  checkRows(candidates, IntentFileRowSchema, 'name', 'intents', found);

/** Checked rows, told which fields each source item gave (rows and items match one to one when ok). */
function given<T>(
  checked: Parsed<IntentFileRow>,
  sources: readonly T[],
  toRow: (row: IntentFileRow, source: T) => IntentImportRow,
): Parsed<IntentImportRow> {
  return checked.ok ? { ok: true, rows: checked.rows.map((row, i) => toRow(row, sources[i])) } : checked;
}

const has = (value: unknown, key: string): boolean =>
  typeof value === 'object' && value !== null && Object.prototype.hasOwnProperty.call(value, key);

function fromJson(body: unknown): Parsed<IntentImportRow> {
  const items = readJsonRows(body, 'intents', 'intents');
  if (!items.ok) return items;
  return given(check(items.rows), items.rows, (row, { value }) => ({
    name: row.name,
    utterances: row.utterances,
    ...(has(value, 'responses') ? { responses: row.responses } : {}),
    // A `settings` object is the whole of them: a key it leaves out goes back to its default.
    ...(has(value, 'settings')
      ? { settings: Object.fromEntries(SETTING_KEYS.map((key) => [key, row.settings[key] ?? null])) }
      : {}),
  }));
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
  // A settings column the header has: its cell sets the setting, an empty cell clears it.
  return given(check(candidates, problems), table.rows, (row, { cells }) => ({
    name: row.name,
    utterances: row.utterances,
    ...('responses' in cells ? { responses: row.responses } : {}),
    settings: Object.fromEntries(
      SETTING_KEYS.filter((key) => key in cells).map((key) => [key, row.settings[key] ?? null]),
    ),
  }));
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
  return given(checked, data, (row, item) => ({
    name: row.name,
    utterances: row.utterances,
    ...(has(item, 'answers') ? { responses: row.responses } : {}),
  }));
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
