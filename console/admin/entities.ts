/**
 * Entities: what the bot always picks out (built in, read only, as the server lists them; first, so
 * the page says what the bot already extracts), then the admin's named lists (values with synonyms, e.g. product lines)
 * and patterns (regular expressions), saved together as one versioned document. Patterns can be tried
 * right here.
 */
import type { BuiltInEntityKindsView } from '../../protocol/admin';
import { h, replace } from '../dom';
import { documentPage } from './document-page';
import { messageOf } from './edit';
import type { AdminContext, AdminPage, EntitiesView, EntityListView, EntityPatternView } from './types';
import { button, field, nextId, splitList, table, textInput } from './ui';

/**
 * The kinds the bot extracts from every message without any setup, as the server describes them
 * (nlp/entities' own table): a loading line, then the table, or what went wrong. The rest of the page
 * works either way.
 */
function builtInSection(ctx: AdminContext): HTMLElement {
  const slot = h(
    'div',
    { class: 'entity-built-in-slot' },
    h('p', { class: 'muted' }, 'Loading the built-in kinds…'),
  );
  ctx.api
    .get<BuiltInEntityKindsView>('/api/admin/entities/built-in')
    .then((view) => {
      if (!ctx.alive()) return;
      const kinds = Array.isArray(view?.kinds) ? view.kinds : [];
      if (!kinds.length) throw new Error('The server sent none.');
      const rows = kinds.map((kind) => [kind.label, kind.matches, kind.example] as const);
      replace(
        slot,
        table('Built in (always on)', ['Kind', 'What it matches', 'For example'], rows, {
          className: 'entity-built-in',
          hideCaption: true,
        }),
      );
    })
    .catch((error: unknown) => {
      if (!ctx.alive()) return;
      replace(
        slot,
        h(
          'p',
          { class: 'status-error entity-built-in-error', attrs: { role: 'alert' } },
          `The built-in kinds could not be loaded: ${messageOf(error)} Your lists and patterns below still work; reload the page to try again.`,
        ),
      );
    });
  return slot;
}

// Built per visit: the built-in section loads with this visit's API and stops when it is left.
export const entitiesPage: AdminPage = (ctx, root, item) => entitiesDocumentPage(ctx)(ctx, root, item);

const entitiesDocumentPage = (ctx: AdminContext): AdminPage =>
  documentPage<EntitiesView>({
    title: 'Entities',
    intro:
      'The details the bot picks out of a message: values from your lists (with synonyms) and patterns such as order numbers.',
    path: '/api/admin/entities',
    key: 'entities',
    what: 'entity set',
    loadingText: 'Loading entities…',
    savedText: 'Saved. The bot uses the new entities right away.',
    submitLabel: 'Save entities',
    fields: (doc) => {
      const lists = h('div', { class: 'entity-lists' });
      const patterns = h('div', { class: 'entity-patterns' });
      for (const list of doc.lists ?? []) lists.appendChild(listBlock(list));
      for (const pattern of doc.patterns ?? []) patterns.appendChild(patternRow(pattern));
      const read = (): Pick<EntitiesView, 'lists' | 'patterns'> | string => {
        const out: Pick<EntitiesView, 'lists' | 'patterns'> = { lists: [], patterns: [] };
        for (const block of lists.querySelectorAll<HTMLElement>('.entity-list')) {
          const name = block.querySelector<HTMLInputElement>('.entity-list-name')!.value.trim();
          const values = [...block.querySelectorAll<HTMLElement>('.entity-value')]
            .map((row) => ({
              value: row.querySelector<HTMLInputElement>('.entity-value-text')!.value.trim(),
              synonyms: splitList(row.querySelector<HTMLInputElement>('.entity-value-synonyms')!.value),
            }))
            .filter((v) => v.value);
          if (!name && !values.length) continue;
          if (!name) return 'Every list needs a name.';
          out.lists.push({ name, values });
        }
        for (const row of patterns.querySelectorAll<HTMLElement>('.entity-pattern')) {
          const name = row.querySelector<HTMLInputElement>('.pattern-name')!.value.trim();
          const pattern = row.querySelector<HTMLInputElement>('.pattern-source')!.value.trim();
          const flags = row.querySelector<HTMLInputElement>('.pattern-flags')!.value.trim();
          if (!name && !pattern) continue;
          if (!name || !pattern) return 'Every pattern needs a name and a pattern.';
          const problem = patternProblem(pattern, flags);
          if (problem) return `The pattern “${name}” is not valid: ${problem}`;
          out.patterns.push({ name, pattern, ...(flags ? { flags } : {}) });
        }
        return out;
      };
      return {
        read,
        children: [
          h('h2', { class: 'section-title' }, 'Built in'),
          h(
            'p',
            { class: 'muted' },
            'The bot finds these in every message without any setup. They cannot be changed here; add your own lists and patterns below.',
          ),
          builtInSection(ctx),
          h('h2', { class: 'section-title' }, 'Your lists'),
          h(
            'p',
            { class: 'muted' },
            'Values the bot should recognise, each with the other words people use for it.',
          ),
          lists,
          button('Add a list', () => {
            const block = listBlock({ name: '', values: [{ value: '', synonyms: [] }] });
            lists.appendChild(block);
            block.querySelector<HTMLInputElement>('input')?.focus();
          }),
          h('h2', { class: 'section-title' }, 'Your patterns'),
          h(
            'p',
            { class: 'muted' },
            'Regular expressions (JavaScript syntax). Type a sample message in “Try it” to check a pattern.',
          ),
          patterns,
          button('Add a pattern', () => {
            const row = patternRow({ name: '', pattern: '' });
            patterns.appendChild(row);
            row.querySelector<HTMLInputElement>('input')?.focus();
          }),
        ],
      };
    },
  });

/** Removes a list, value or pattern from the form, and counts that as an edit. */
function removeFromForm(el: HTMLElement): void {
  const form = el.closest('form');
  el.remove();
  form?.dispatchEvent(new Event('input'));
}

function listBlock(list: EntityListView): HTMLElement {
  const id = nextId('list');
  const name = textInput(list.name, { id: `${id}-name`, class: 'entity-list-name', spellcheck: false });
  const rows = h('tbody');
  const addRow = (value: { value: string; synonyms: string[] }) => {
    const n = rows.children.length + 1;
    const row = h(
      'tr',
      { class: 'entity-value' },
      h('td', null, textInput(value.value, { class: 'entity-value-text', 'aria-label': `Value ${n}` })),
      h(
        'td',
        null,
        textInput(value.synonyms.join(', '), {
          class: 'entity-value-synonyms',
          'aria-label': `Synonyms of value ${n}`,
        }),
      ),
      h(
        'td',
        null,
        button('Remove', () => removeFromForm(row), 'quiet', { 'aria-label': `Remove value ${n}` }),
      ),
    );
    rows.appendChild(row);
    return row;
  };
  for (const value of list.values) addRow(value);
  const block = h(
    'fieldset',
    { class: 'entity-list' },
    h('legend', null, list.name || 'New list'),
    field('List name', name),
    h(
      'table',
      { class: 'data-table' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', { attrs: { scope: 'col' } }, 'Value'),
          h('th', { attrs: { scope: 'col' } }, 'Synonyms (commas)'),
          h('th', null, h('span', { class: 'sr-only' }, 'Actions')),
        ),
      ),
      rows,
    ),
    h(
      'div',
      { class: 'editor-actions' },
      button('Add a value', () => addRow({ value: '', synonyms: [] }).querySelector('input')?.focus()),
      button('Remove list', () => removeFromForm(block), 'quiet'),
    ),
  );
  return block;
}

function patternRow(pattern: EntityPatternView): HTMLElement {
  const id = nextId('pattern');
  const name = textInput(pattern.name, { id: `${id}-name`, class: 'pattern-name', spellcheck: false });
  const source = textInput(pattern.pattern, {
    id: `${id}-source`,
    class: 'pattern-source mono',
    spellcheck: false,
  });
  const flags = textInput(pattern.flags ?? '', {
    id: `${id}-flags`,
    class: 'pattern-flags mono',
    maxlength: 6,
    size: 4,
  });
  const sample = textInput('', { id: `${id}-sample`, placeholder: 'Where is order A1042?' });
  const result = h('p', { class: 'hint', attrs: { 'aria-live': 'polite' } });
  const check = () => {
    const problem = patternProblem(source.value, flags.value);
    if (problem) return void (result.textContent = `Not valid: ${problem}`);
    if (!sample.value) return void (result.textContent = '');
    const re = new RegExp(source.value, flags.value.includes('g') ? flags.value : `${flags.value}g`);
    const found = [...sample.value.matchAll(re)].map((m) => m[0]).filter(Boolean);
    result.textContent = found.length ? `Finds: ${found.join(', ')}` : 'No match in the sample.';
  };
  for (const input of [source, flags, sample]) input.addEventListener('input', check);
  const row = h(
    'fieldset',
    { class: 'entity-pattern' },
    h('legend', null, pattern.name || 'New pattern'),
    h(
      'div',
      { class: 'field-grid' },
      field('Name', name),
      field('Pattern', source),
      field('Flags', flags, 'i: ignore case'),
    ),
    field('Try it', sample),
    result,
    button('Remove pattern', () => removeFromForm(row), 'quiet'),
  );
  return row;
}

function patternProblem(source: string, flags: string): string | null {
  if (!/^(?!.*(.).*\1)[imsu]*$/.test(flags)) return 'flags may only be i, m, s and u, each once.';
  try {
    new RegExp(source, flags);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : 'not a regular expression.';
  }
}
