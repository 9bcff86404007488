/**
 * Building blocks shared by the admin pages: page frame, labelled fields, editor forms, list editors,
 * item lists, tables, bars, notices and a confirm dialog. Everything is built with `h` (text nodes only).
 */
import { h, replace } from '../dom';

let uid = 0;
export const nextId = (prefix: string): string => `${prefix}-${++uid}`;

export function pageFrame(title: string, intro: string | null, ...children: (Node | null)[]): HTMLElement {
  return h(
    'section',
    { class: 'admin-page', attrs: { 'aria-labelledby': 'admin-title' } },
    h(
      'header',
      { class: 'admin-page-head' },
      h('h1', { id: 'admin-title', attrs: { tabindex: '-1' } }, title),
      intro ? h('p', { class: 'muted' }, intro) : null,
    ),
    ...children,
  );
}

/** A label and a control (and an optional hint, tied with aria-describedby). */
export function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  const id = control.id || (control.id = nextId('f'));
  const hintEl = hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  if (control instanceof HTMLInputElement && control.type === 'checkbox')
    return h(
      'div',
      { class: 'field field-check' },
      control,
      h('label', { attrs: { for: id } }, label),
      hintEl,
    );
  return h('div', { class: 'field' }, h('label', { attrs: { for: id } }, label), control, hintEl);
}

export function textInput(
  value: string,
  attrs: Record<string, string | number | boolean> = {},
): HTMLInputElement {
  const input = h('input', { attrs: { type: 'text', autocomplete: 'off', ...attrs } });
  input.value = value;
  return input;
}

export function numberInput(
  value: number | undefined,
  attrs: Record<string, string | number | boolean> = {},
): HTMLInputElement {
  const input = h('input', { attrs: { type: 'number', inputmode: 'decimal', ...attrs } });
  input.value = value === undefined || value === null ? '' : String(value);
  return input;
}

/** The number in an input, or undefined when it is empty (NaN stays NaN for validation). */
export function numberOf(input: HTMLInputElement): number | undefined {
  return input.value.trim() === '' ? undefined : Number(input.value);
}

export function checkbox(
  checked: boolean,
  attrs: Record<string, string | number | boolean> = {},
): HTMLInputElement {
  const input = h('input', { attrs: { type: 'checkbox', ...attrs } });
  input.checked = checked;
  return input;
}

export function textArea(
  value: string,
  rows = 3,
  attrs: Record<string, string | number | boolean> = {},
): HTMLTextAreaElement {
  const area = h('textarea', { attrs: { rows, ...attrs } });
  area.value = value;
  return area;
}

export function select(
  options: readonly (string | { value: string; label: string })[],
  value: string,
  attrs: Record<string, string | number | boolean> = {},
): HTMLSelectElement {
  const el = h(
    'select',
    { attrs },
    ...options.map((o) => {
      const { value: v, label } = typeof o === 'string' ? { value: o, label: o } : o;
      return h('option', { attrs: { value: v } }, label);
    }),
  );
  el.value = value;
  return el;
}

export function button(
  label: string,
  onClick: () => void,
  kind: 'primary' | 'quiet' | 'danger' | '' = '',
  attrs: Record<string, string | number | boolean> = {},
): HTMLButtonElement {
  return h(
    'button',
    {
      class: `btn${kind ? ` btn-${kind}` : ''}`,
      attrs: { type: 'button', ...attrs },
      on: { click: onClick },
    },
    label,
  );
}

/**
 * The form of an editor page: any input marks edits, submitting saves (the fields check themselves on
 * save, hence novalidate). `labelledBy` names its heading when it has one.
 */
export function editorForm(
  on: { edited: () => void; save: () => void },
  labelledBy: string | null,
  ...children: (Node | null)[]
): HTMLFormElement {
  return h(
    'form',
    {
      class: 'editor-form',
      attrs: { 'aria-labelledby': labelledBy, novalidate: true },
      on: {
        input: on.edited,
        submit: (event) => {
          event.preventDefault();
          on.save();
        },
      },
    },
    ...children,
  );
}

/** An editor's heading, with `show` to put a saved record's title and version in it. */
export type EditorHead = HTMLElement & {
  show(title: string, stored: { version: number; updatedAt?: string | null } | null): void;
};

/**
 * An editor's heading and, for a stored record, its version and when it was saved. The editor calls
 * `show` after each save, so the heading names the version the next save builds on.
 */
export function editorHead(
  titleId: string,
  title: string,
  stored: { version: number; updatedAt?: string | null } | null,
): EditorHead {
  const heading = h('h2', { id: titleId });
  const saved = h('span', { class: 'muted editor-version' });
  const head = h('div', { class: 'editor-head' }, heading, saved) as unknown as EditorHead;
  head.show = (nextTitle, record) => {
    heading.textContent = nextTitle;
    saved.textContent = record ? `Version ${record.version} · saved ${when(record.updatedAt)}` : '';
    saved.hidden = !record;
  };
  head.show(title, stored);
  return head;
}

/** The actions under an editor form: its submit button first. */
export function editorActions(submitLabel: string, ...others: (Node | null)[]): HTMLElement {
  return h(
    'div',
    { class: 'editor-actions' },
    h('button', { class: 'btn btn-primary', attrs: { type: 'submit' } }, submitLabel),
    ...others,
  );
}

/** An item in the list beside an editor (intents, knowledge). */
export interface ItemLink {
  href: string;
  title: string;
  /** The item open in the editor. */
  current: boolean;
  /** After the title: a count, a state. */
  detail: Node;
  attrs?: Record<string, string>;
}

/** Fills the list beside an editor with links to its items, or with `emptyText`. */
export function renderItemLinks(list: HTMLElement, items: readonly ItemLink[], emptyText: string): void {
  replace(
    list,
    ...items.map((item) =>
      h(
        'li',
        null,
        h(
          'a',
          {
            class: `admin-list-link${item.current ? ' admin-list-current' : ''}`,
            attrs: { href: item.href, 'aria-current': item.current ? 'true' : null, ...item.attrs },
          },
          h('span', { class: 'admin-list-title' }, item.title),
          item.detail,
        ),
      ),
    ),
  );
  if (!items.length) list.appendChild(h('li', { class: 'empty' }, emptyText));
}

/** Comma-separated words ↔ list. */
export const splitList = (text: string): string[] =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * An editable list of strings: each row an input (or a textarea) with a remove button, and an
 * "add" box that adds on Enter. `values()` reads the current list; `onChange` fires on every edit.
 */
export class ListEditor {
  readonly element: HTMLElement;
  private readonly list: HTMLOListElement;
  private readonly adder: HTMLInputElement | HTMLTextAreaElement;

  constructor(
    private readonly options: {
      label: string;
      itemLabel: string;
      addLabel: string;
      values: readonly string[];
      multiline?: boolean;
      id: string;
      onChange: () => void;
    },
  ) {
    this.list = h('ol', { class: 'list-editor-items', attrs: { 'aria-label': options.label } });
    for (const value of options.values) this.list.appendChild(this.row(value));
    this.adder = options.multiline
      ? textArea('', 2, { id: `${options.id}-new`, placeholder: options.addLabel })
      : textInput('', { id: `${options.id}-new`, placeholder: options.addLabel });
    this.adder.addEventListener('keydown', (event) => {
      const e = event as KeyboardEvent;
      if (e.key === 'Enter' && !(options.multiline && e.shiftKey)) {
        e.preventDefault();
        this.addFromBox();
      }
    });
    const count = h('span', { class: 'count muted' });
    const updateCount = () => (count.textContent = `(${this.list.children.length})`);
    updateCount();
    this.list.addEventListener('input', options.onChange);
    const observer = new MutationObserver(updateCount);
    observer.observe(this.list, { childList: true });
    this.element = h(
      'fieldset',
      { class: 'list-editor', id: options.id },
      h('legend', null, options.label, ' ', count),
      h(
        'div',
        { class: 'list-editor-add' },
        h('label', { class: 'sr-only', attrs: { for: this.adder.id } }, options.addLabel),
        this.adder,
        button('Add', () => this.addFromBox(), '', { 'aria-label': options.addLabel }),
      ),
      this.list,
    );
  }

  values(): string[] {
    return [...this.list.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('.list-editor-value')]
      .map((el) => el.value.trim())
      .filter(Boolean);
  }

  /** Anything typed in the add box but not yet added counts too (people forget to press Add). */
  pending(): string {
    return this.adder.value.trim();
  }

  addFromBox(): void {
    const value = this.adder.value.trim();
    if (!value) return;
    this.list.insertBefore(this.row(value), this.list.firstChild);
    this.adder.value = '';
    this.options.onChange();
    this.adder.focus();
  }

  private row(value: string): HTMLLIElement {
    const n = this.list.children.length + 1;
    const control = this.options.multiline
      ? textArea(value, 2, { class: 'list-editor-value', 'aria-label': `${this.options.itemLabel} ${n}` })
      : textInput(value, { class: 'list-editor-value', 'aria-label': `${this.options.itemLabel} ${n}` });
    const li = h('li', null, control);
    li.appendChild(
      button(
        'Remove',
        () => {
          const next = (li.nextElementSibling ?? li.previousElementSibling)?.querySelector<HTMLElement>(
            'button',
          );
          li.remove();
          this.options.onChange();
          (next ?? this.adder).focus();
        },
        'quiet',
        { 'aria-label': `Remove “${value.slice(0, 40)}”` },
      ),
    );
    return li;
  }
}

/** A data table with a caption; cells are text or nodes. */
export function table(
  caption: string,
  headers: readonly string[],
  rows: readonly (readonly (string | number | Node | null)[])[],
  options: { numeric?: readonly number[]; className?: string; hideCaption?: boolean } = {},
): HTMLTableElement {
  const numeric = new Set(options.numeric ?? []);
  return h(
    'table',
    { class: `data-table ${options.className ?? ''}`.trim() },
    h('caption', { class: options.hideCaption ? 'sr-only' : '' }, caption),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        ...headers.map((label, i) =>
          h('th', { class: numeric.has(i) ? 'num' : '', attrs: { scope: 'col' } }, label),
        ),
      ),
    ),
    h(
      'tbody',
      null,
      ...rows.map((row) =>
        h(
          'tr',
          null,
          ...row.map((cell, i) =>
            i === 0
              ? h('th', { attrs: { scope: 'row' } }, cell ?? '')
              : h('td', { class: numeric.has(i) ? 'num' : '' }, cell ?? ''),
          ),
        ),
      ),
    ),
  );
}

/** A horizontal bar for a share in [0, 1] (decorative; the number is beside it as text). */
export function bar(share: number, label: string, tone: 'brand' | 'ok' | 'warn' = 'brand'): HTMLElement {
  const pct = Math.max(0, Math.min(1, Number.isFinite(share) ? share : 0)) * 100;
  const fill = h('span', { class: `bar-fill bar-${tone}` });
  fill.style.width = `${pct.toFixed(1)}%`;
  return h('span', { class: 'bar', attrs: { role: 'img', 'aria-label': label } }, fill);
}

export const percent = (value: unknown, digits = 0): string =>
  typeof value === 'number' && Number.isFinite(value) ? `${(value * 100).toFixed(digits)}%` : '—';

export const fixed = (value: unknown, digits = 2): string =>
  typeof value === 'number' && Number.isFinite(value) ? value.toFixed(digits) : '—';

export const when = (iso: string | undefined | null): string => {
  const d = iso ? new Date(iso) : null;
  return d && !Number.isNaN(d.getTime())
    ? d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
    : '—';
};

/** A status line (polite live region) that pages write progress and errors into. */
export function statusLine(): HTMLElement & { set(text: string, tone?: 'error' | 'ok' | ''): void } {
  const el = h('p', {
    class: 'status-line',
    attrs: { role: 'status', 'aria-live': 'polite' },
  }) as unknown as HTMLElement & {
    set(text: string, tone?: 'error' | 'ok' | ''): void;
  };
  el.set = (text, tone = '') => {
    el.textContent = text;
    el.className = `status-line${tone ? ` status-${tone}` : ''}`;
  };
  return el;
}

/** A notice box (e.g. an edit conflict) with optional action buttons. */
export function notice(
  tone: 'warn' | 'error' | 'info',
  title: string,
  text: string,
  ...actions: HTMLElement[]
): HTMLElement {
  return h(
    'div',
    { class: `notice notice-${tone}`, attrs: { role: tone === 'info' ? 'status' : 'alert' } },
    h('p', { class: 'notice-title' }, title),
    h('p', null, text),
    actions.length ? h('div', { class: 'notice-actions' }, ...actions) : null,
  );
}

export function loading(root: HTMLElement, what = 'Loading…'): void {
  replace(root, h('p', { class: 'loading', attrs: { role: 'status' } }, what));
}

/** A modal confirm; resolves true when the admin confirms. */
export function confirmDialog(
  title: string,
  text: string,
  confirmLabel: string,
  danger = false,
): Promise<boolean> {
  return new Promise((resolve) => {
    const id = nextId('confirm');
    const dialog = h(
      'dialog',
      { class: 'dialog', attrs: { 'aria-labelledby': `${id}-title`, 'aria-describedby': `${id}-text` } },
      h(
        'form',
        { attrs: { method: 'dialog' } },
        h('h2', { id: `${id}-title` }, title),
        h('p', { id: `${id}-text` }, text),
        h(
          'div',
          { class: 'dialog-actions' },
          h('button', { class: 'btn', attrs: { value: 'cancel', type: 'submit' } }, 'Cancel'),
          h(
            'button',
            { class: `btn ${danger ? 'btn-danger' : 'btn-primary'}`, attrs: { value: 'ok', type: 'submit' } },
            confirmLabel,
          ),
        ),
      ),
    );
    dialog.addEventListener('close', () => {
      resolve(dialog.returnValue === 'ok');
      dialog.remove();
    });
    document.body.appendChild(dialog);
    dialog.showModal();
  });
}

/** A modal with a form; `build` fills it, `onSubmit` returns false to keep it open. */
export function formDialog(
  title: string,
  submitLabel: string,
  build: (form: HTMLFormElement) => void,
  onSubmit: () => Promise<boolean>,
): HTMLDialogElement {
  const id = nextId('dialog');
  const status = statusLine();
  const submit = h('button', { class: 'btn btn-primary', attrs: { type: 'submit' } }, submitLabel);
  const form = h('form', { class: 'dialog-form' }, h('h2', { id: `${id}-title` }, title));
  build(form);
  const dialog = h(
    'dialog',
    { class: 'dialog dialog-wide', attrs: { 'aria-labelledby': `${id}-title` } },
    form,
  );
  form.append(
    status,
    h(
      'div',
      { class: 'dialog-actions' },
      button('Cancel', () => dialog.close()),
      submit,
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit.disabled = true;
    status.set('Saving…');
    onSubmit()
      .then((done) => {
        if (done) dialog.close();
        else status.set('');
      })
      .catch((error: unknown) =>
        status.set(error instanceof Error ? error.message : 'That did not work.', 'error'),
      )
      .finally(() => (submit.disabled = false));
  });
  dialog.addEventListener('close', () => dialog.remove());
  document.body.appendChild(dialog);
  dialog.showModal();
  return dialog;
}

/** Pretty JSON as text (for audit snapshots and unknown values). */
export function jsonBlock(value: unknown): HTMLElement {
  return h('pre', { class: 'json' }, JSON.stringify(value, null, 2) ?? 'null');
}
