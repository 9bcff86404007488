/**
 * Import and export of intents or FAQs: download links per format, and an import from a file that
 * the server checks first and applies all or nothing (a 422 lists the rows at fault).
 */
import { h, replace } from '../dom';
import { AdminApiError } from './api';
import { messageOf } from './edit';
import type { AdminContext, ImportResult } from './types';
import { field, nextId, select, statusLine } from './ui';

const LABELS: Record<string, string> = { json: 'JSON', csv: 'CSV', nlpjs: 'nlp.js corpus' };

/**
 * One problem of a refused import. Rows count from 1 (the first CSV row below the header, the first
 * JSON item; the server's message says so too); row 0 is the file as a whole, not a row of it.
 */
const problemText = (p: { row: number; field: string; message: string }): string =>
  `${p.row > 0 ? `Row ${p.row}` : 'The file'}${p.field ? ` (${p.field})` : ''}: ${p.message}`;

export function importExport(
  ctx: AdminContext,
  what: 'intents' | 'faqs',
  formats: readonly string[],
  onImported: () => void,
): HTMLElement {
  const id = nextId(`import-${what}`);
  const format = select(
    formats.map((f) => ({ value: f, label: LABELS[f] ?? f })),
    formats[0],
    { id: `${id}-format` },
  );
  const file = h('input', {
    id: `${id}-file`,
    attrs: { type: 'file', accept: '.json,.csv,application/json,text/csv' },
  });
  const status = statusLine();
  const problems = h('div');
  const submit = h('button', { class: 'btn', attrs: { type: 'submit' } }, 'Import');
  const form = h(
    'form',
    {
      class: 'import-form',
      on: {
        submit: (event) => {
          event.preventDefault();
          const chosen = file.files?.[0];
          if (!chosen) {
            status.set('Choose a file first.', 'error');
            return;
          }
          submit.disabled = true;
          replace(problems);
          status.set('Checking and importing…');
          void chosen
            .text()
            .then((text) =>
              ctx.api.request<unknown>('POST', `/api/admin/import/${what}?format=${format.value}`, {
                text,
                // As text: the server parses and checks the file itself (JSON too).
                contentType: format.value === 'csv' ? 'text/csv' : 'text/plain',
              }),
            )
            .then((result) => {
              const r = (result ?? {}) as Partial<ImportResult>;
              const counts = `${r.created?.length ?? 0} new, ${r.updated?.length ?? 0} changed, ${r.unchanged?.length ?? 0} unchanged`;
              const next = what === 'intents' ? ' Retrain to use them.' : '';
              status.set(`Imported: ${counts}.${next}`, 'ok');
              ctx.say(`Imported ${what === 'faqs' ? 'FAQs' : 'intents'}: ${counts}.${next}`);
              onImported();
            })
            .catch((error: unknown) => {
              const message = messageOf(error);
              status.set(
                /^nothing was imported/i.test(message) ? message : `Nothing was imported. ${message}`,
                'error',
              );
              const rows =
                (error instanceof AdminApiError &&
                  (error.details as { rows?: { row: number; field: string; message: string }[] } | undefined)
                    ?.rows) ||
                [];
              if (rows.length)
                replace(
                  problems,
                  h(
                    'ul',
                    { class: 'import-problems' },
                    ...rows.slice(0, 50).map((r) => h('li', null, problemText(r))),
                  ),
                );
            })
            .finally(() => (submit.disabled = false));
        },
      },
    },
    field('Format', format),
    field('File', file),
    submit,
    status,
    problems,
  );
  return h(
    'details',
    { class: 'import-export' },
    h('summary', null, 'Import and export'),
    h(
      'p',
      null,
      'Download: ',
      ...formats.flatMap((f, i) => [
        i ? ' · ' : '',
        h('a', { attrs: { href: `/api/admin/export/${what}?format=${f}`, download: '' } }, LABELS[f] ?? f),
      ]),
    ),
    form,
  );
}
