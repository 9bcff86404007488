/**
 * Intents: the list (with a filter) and an editor for one intent: name, category, threshold,
 * "always human", example phrasings (utterances) and response variants. Saves carry the version; a
 * conflict keeps the edits (see edit.ts). Import and export sit under the list.
 */
import { h, replace } from '../dom';
import { listOf } from './api';
import { messageOf, saveEdits, unwrap, type EditState, type StoredAt } from './edit';
import { importExport } from './import-export';
import type { AdminContext, AdminPage, IntentInput, IntentView } from './types';
import {
  button,
  checkbox,
  confirmDialog,
  editorActions,
  editorForm,
  editorHead,
  field,
  type EditorHead,
  ListEditor,
  loading,
  numberInput,
  numberOf,
  pageFrame,
  renderItemLinks,
  statusLine,
  textInput,
} from './ui';

const BASE = '/api/admin/intents';
/** The recognizer's out-of-scope examples (nlp's NONE_INTENT): trained on, never answered. */
const OUT_OF_SCOPE = 'none';

export const intentsPage: AdminPage = (ctx, root, item) => {
  let intents: IntentView[] = [];
  let editor: IntentEditor | null = null;
  /** A message for the next editor (after a create, the page moves to the new intent's address). */
  let flash = '';
  const filter = textInput('', {
    id: 'intent-filter',
    type: 'search',
    placeholder: 'Filter by name or phrasing',
  });
  const list = h('ul', { class: 'admin-list-items', id: 'intent-list' });
  const pane = h('div', { class: 'admin-editor' });
  const renderList = () => {
    const q = filter.value.trim().toLowerCase();
    const shown = intents.filter(
      (i) =>
        !q ||
        i.name.toLowerCase().includes(q) ||
        (i.settings.category ?? '').toLowerCase().includes(q) ||
        i.utterances.some((u) => u.toLowerCase().includes(q)),
    );
    renderItemLinks(
      list,
      shown.map((intent) => ({
        href: `#/admin/intents/${encodeURIComponent(intent.id)}`,
        title: intent.name,
        current: editor?.id === intent.id,
        detail: h(
          'span',
          { class: 'muted' },
          intent.name === OUT_OF_SCOPE
            ? `${intent.utterances.length} out-of-scope examples · never answered`
            : `${intent.utterances.length} phrasings · ${intent.settings.category ?? 'no category'}`,
          intent.settings.alwaysHuman ? ' · always human' : '',
        ),
        attrs: { 'data-intent': intent.name },
      })),
      q ? 'No intent matches.' : 'No intents yet.',
    );
  };
  filter.addEventListener('input', renderList);

  const open = (id: string | undefined) => {
    if (id === 'new') editor = new IntentEditor(ctx, null, intents, onSaved, onDeleted);
    else {
      const intent = intents.find((i) => i.id === id);
      if (!intent) {
        editor = null;
        replace(
          pane,
          h(
            'p',
            { class: 'placeholder' },
            id ? 'That intent no longer exists.' : 'Choose an intent to edit, or add a new one.',
          ),
        );
        renderList();
        return;
      }
      editor = new IntentEditor(ctx, intent, intents, onSaved, onDeleted);
    }
    if (flash) editor.status.set(flash, 'ok');
    flash = '';
    replace(pane, editor.element);
    renderList();
  };
  const onSaved = (intent: IntentView, created: boolean) => {
    intents = [...intents.filter((i) => i.id !== intent.id), intent].sort((a, b) =>
      a.name.localeCompare(b.name),
    );
    renderList();
    if (!created) return;
    flash = 'Created. Retrain on the Training page to use it.';
    ctx.go('intents', intent.id);
  };
  const onDeleted = (id: string) => {
    intents = intents.filter((i) => i.id !== id);
    editor = null;
    ctx.go('intents');
  };

  loading(root, 'Loading intents…');
  ctx.api
    .get<unknown>(BASE)
    .then((payload) => {
      if (!ctx.alive()) return;
      intents = listOf<IntentView>(payload, 'intents').sort((a, b) => a.name.localeCompare(b.name));
      replace(
        root,
        pageFrame(
          'Intents',
          'What customers ask, in their own words, and what the bot answers. Changes reach customers after you retrain.',
          h(
            'div',
            { class: 'admin-split' },
            h(
              'nav',
              { class: 'admin-list', attrs: { 'aria-label': 'Intents' } },
              h(
                'div',
                { class: 'admin-list-tools' },
                field('Filter', filter),
                button('New intent', () => ctx.go('intents', 'new')),
              ),
              list,
              importExport(ctx, 'intents', ['json', 'csv', 'nlpjs'], () => ctx.reload()),
            ),
            pane,
          ),
        ),
      );
      open(item);
    })
    .catch((error: unknown) => replace(root, pageFrame('Intents', messageOf(error))));

  return {
    select: (next) => open(next),
    dirty: () => editor?.dirty ?? false,
  };
};

class IntentEditor {
  readonly element: HTMLElement;
  private readonly edits: EditState;
  private readonly name: HTMLInputElement;
  private readonly category: HTMLInputElement;
  private readonly threshold: HTMLInputElement;
  private readonly alwaysHuman: HTMLInputElement;
  private readonly utterances: ListEditor;
  private readonly responses: ListEditor;
  readonly status = statusLine();
  private readonly conflict = h('div', { class: 'conflict-slot' });
  private readonly head: EditorHead;
  /** Where the intent is stored (only one already created has an address). */
  private readonly stored: StoredAt = {
    path: () => `${BASE}/${encodeURIComponent(this.intent!.id)}`,
    key: 'intent',
  };

  constructor(
    private readonly ctx: AdminContext,
    /** As last saved (the heading and the delete dialog speak of it). */
    private intent: IntentView | null,
    all: readonly IntentView[],
    private readonly onSaved: (intent: IntentView, created: boolean) => void,
    private readonly onDeleted: (id: string) => void,
  ) {
    this.edits = { version: intent?.version ?? 0, dirty: false };
    const changed = () => (this.edits.dirty = true);
    this.name = textInput(intent?.name ?? '', { id: 'intent-name', required: true, spellcheck: false });
    const categories = [...new Set(all.map((i) => i.settings.category).filter(Boolean) as string[])].sort();
    this.category = textInput(intent?.settings.category ?? '', {
      id: 'intent-category',
      list: 'intent-categories',
    });
    this.threshold = numberInput(intent?.settings.threshold, {
      id: 'intent-threshold',
      min: 0,
      max: 1,
      step: 0.01,
      placeholder: 'Bot default',
    });
    this.alwaysHuman = checkbox(intent?.settings.alwaysHuman ?? false, { id: 'intent-always-human' });
    this.utterances = new ListEditor({
      id: 'utterances',
      label: 'Example phrasings',
      itemLabel: 'Phrasing',
      addLabel: 'Add a phrasing',
      values: intent?.utterances ?? [],
      onChange: changed,
    });
    this.responses = new ListEditor({
      id: 'responses',
      label: 'Responses (the bot picks one each time)',
      itemLabel: 'Response',
      addLabel: 'Add a response variant',
      values: intent?.responses ?? [],
      multiline: true,
      onChange: changed,
    });
    this.head = editorHead('intent-editor-title', intent ? intent.name : 'New intent', intent);
    this.element = editorForm(
      { edited: changed, save: () => void this.save() },
      'intent-editor-title',
      this.head,
      this.conflict,
      intent?.name === OUT_OF_SCOPE
        ? h(
            'p',
            { class: 'hint', id: 'out-of-scope-hint' },
            'Out-of-scope examples: things customers ask that the shop does not handle, especially ones worded like a real request (“return my library books”). The bot learns to leave these alone and answers them with its fallback; the responses below are not sent.',
          )
        : null,
      h(
        'div',
        { class: 'field-grid' },
        field('Name', this.name, 'A short unique name, like order.status.'),
        field('Category', this.category, 'Routes escalations to the team with this skill.'),
        field('Confidence threshold', this.threshold, 'From 0 to 1. Leave empty to use the bot’s setting.'),
        field('Always hand to a person', this.alwaysHuman, 'The bot does not answer; an agent takes over.'),
      ),
      h(
        'datalist',
        { id: 'intent-categories' },
        ...categories.map((c) => h('option', { attrs: { value: c } })),
      ),
      this.utterances.element,
      this.responses.element,
      this.status,
      editorActions(
        intent ? 'Save' : 'Create intent',
        intent ? button('Delete…', () => void this.remove(), 'danger') : null,
        button('Try it in the test console', () => ctx.go('test'), 'quiet'),
      ),
    );
  }

  get id(): string | null {
    return this.intent?.id ?? null;
  }

  get dirty(): boolean {
    return this.edits.dirty;
  }

  private input(): IntentInput | string {
    const name = this.name.value.trim();
    const threshold = numberOf(this.threshold);
    const pending = this.utterances.pending();
    // The server refuses repeats; a phrasing typed twice is kept once.
    const utterances = [...new Set([...(pending ? [pending] : []), ...this.utterances.values()])];
    const pendingResponse = this.responses.pending();
    const responses = [...this.responses.values(), ...(pendingResponse ? [pendingResponse] : [])];
    if (!name) return 'Give the intent a name.';
    if (threshold !== undefined && !(threshold >= 0 && threshold <= 1))
      return 'The threshold is a number from 0 to 1, or empty.';
    if (!utterances.length) return 'Add at least one example phrasing.';
    const category = this.category.value.trim();
    return {
      name,
      utterances,
      responses,
      settings: {
        ...(threshold !== undefined ? { threshold } : {}),
        ...(this.alwaysHuman.checked ? { alwaysHuman: true } : {}),
        ...(category ? { category } : {}),
      },
    };
  }

  async save(): Promise<void> {
    const input = this.input();
    if (typeof input === 'string') {
      this.status.set(input, 'error');
      return;
    }
    const created = !this.intent;
    await saveEdits<IntentView>(this.ctx, this.edits, {
      what: 'intent',
      status: this.status,
      conflict: this.conflict,
      stored: this.stored,
      save: async () =>
        unwrap<IntentView>(
          created
            ? await this.ctx.api.post(BASE, input)
            : await this.ctx.api.put(this.stored.path(), input, this.edits.version),
          'intent',
        ),
      savedText: 'Saved. Retrain on the Training page to use the changes.',
      onSaved: (saved) => {
        if (!created) {
          this.intent = saved;
          this.head.show(saved.name, saved);
        }
        this.onSaved(saved, created);
      },
    });
  }

  private async remove(): Promise<void> {
    const intent = this.intent;
    if (!intent) return;
    const ok = await confirmDialog(
      'Delete this intent?',
      `“${intent.name}” and its ${intent.utterances.length} phrasings will be deleted. The bot stops recognizing it after the next retrain.`,
      'Delete intent',
      true,
    );
    if (!ok) return;
    await saveEdits<void>(this.ctx, this.edits, {
      what: 'intent',
      status: this.status,
      conflict: this.conflict,
      stored: this.stored,
      savingText: 'Deleting…',
      savedText: 'Deleted.',
      save: () => this.ctx.api.delete(this.stored.path(), this.edits.version),
      onSaved: () => {
        this.ctx.say(`Deleted “${intent.name}”.`);
        this.onDeleted(intent.id);
      },
    });
  }
}
