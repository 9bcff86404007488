/**
 * Knowledge: FAQs and articles. A list per kind and an editor with a markdown body and a live preview
 * (the server renders and sanitizes it: POST /api/admin/articles/preview), alternatives for FAQs,
 * tags, language and the published switch. Saves carry the version; conflicts keep the edits.
 *
 * Tags are edited as a list, one tag per row: a tag is any one line of text (commas included, as the
 * content rules and the importers allow), so it comes back from a save exactly as it was. An
 * article's alternatives are not edited here (only FAQs use them); a save leaves any it has (from an
 * import, say) as they are.
 */
import { h, replace } from '../dom';
import { listOf } from './api';
import { messageOf, saveEdits, unwrap, type EditState, type StoredAt } from './edit';
import { importExport } from './import-export';
import type { AdminContext, AdminPage, ArticleInput, ArticleKind, ArticleView } from './types';
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
  pageFrame,
  renderItemLinks,
  statusLine,
  textArea,
  textInput,
} from './ui';

const BASE = '/api/admin/articles';
const KIND_LABEL: Record<ArticleKind, string> = { faq: 'FAQs', article: 'Articles' };

/** Items: "faq" or "article" (the tab), or "<kind>:<id>" / "<kind>:new". */
export const knowledgePage: AdminPage = (ctx, root, item) => {
  let kind: ArticleKind = item?.startsWith('article') ? 'article' : 'faq';
  let articles: ArticleView[] = [];
  let editor: ArticleEditor | null = null;
  /** A message for the next editor (after a create, the page moves to the new item's address). */
  let flash = '';
  const list = h('ul', { class: 'admin-list-items', id: 'article-list' });
  const pane = h('div', { class: 'admin-editor' });
  const tabs = h('div', { class: 'segmented', attrs: { role: 'group', 'aria-label': 'Kind' } });
  const tools = h('div', { class: 'admin-list-tools' });
  const body = h('div', { class: 'admin-split' });

  const renderTabs = () =>
    replace(
      tabs,
      ...(['faq', 'article'] as const).map((k) =>
        h(
          'a',
          {
            class: `segment${k === kind ? ' segment-current' : ''}`,
            attrs: { href: `#/admin/knowledge/${k}`, 'aria-current': k === kind ? 'true' : null },
          },
          KIND_LABEL[k],
        ),
      ),
    );
  const renderList = () =>
    renderItemLinks(
      list,
      articles.map((a) => ({
        href: `#/admin/knowledge/${a.kind}:${encodeURIComponent(a.id)}`,
        title: a.title,
        current: editor?.id === a.id,
        detail: h(
          'span',
          { class: a.published ? 'chip chip-ok' : 'chip' },
          a.published ? 'Published' : 'Draft',
        ),
      })),
      `No ${KIND_LABEL[kind].toLowerCase()} yet.`,
    );
  const openItem = (id: string | undefined) => {
    if (id === 'new') editor = new ArticleEditor(ctx, kind, null, onSaved, onDeleted);
    else {
      const article = articles.find((a) => a.id === id);
      editor = article ? new ArticleEditor(ctx, kind, article, onSaved, onDeleted) : null;
    }
    if (editor && flash) editor.status.set(flash, 'ok');
    flash = '';
    replace(
      pane,
      editor?.element ??
        h(
          'p',
          { class: 'placeholder' },
          id ? 'That item no longer exists.' : `Choose one of the ${KIND_LABEL[kind]} to edit, or add one.`,
        ),
    );
    renderList();
  };
  const onSaved = (article: ArticleView, created: boolean) => {
    articles = [...articles.filter((a) => a.id !== article.id), article].sort((a, b) =>
      a.title.localeCompare(b.title),
    );
    renderList();
    if (!created) return;
    flash = article.published ? 'Created and published.' : 'Created as a draft.';
    ctx.go('knowledge', `${kind}:${article.id}`);
  };
  const onDeleted = (id: string) => {
    articles = articles.filter((a) => a.id !== id);
    ctx.go('knowledge', kind);
  };

  const loadKind = (next: ArticleKind, then: string | undefined) => {
    kind = next;
    editor = null;
    renderTabs();
    replace(
      tools,
      button(kind === 'faq' ? 'New FAQ' : 'New article', () => ctx.go('knowledge', `${kind}:new`)),
    );
    loading(pane, 'Loading…');
    replace(list);
    ctx.api
      .get<unknown>(`${BASE}?kind=${kind}`)
      .then((payload) => {
        if (!ctx.alive() || kind !== next) return;
        articles = listOf<ArticleView>(payload, 'articles')
          .filter((a) => !a.kind || a.kind === kind)
          .sort((a, b) => a.title.localeCompare(b.title));
        openItem(then);
      })
      .catch((error: unknown) =>
        replace(pane, h('p', { class: 'status-line status-error' }, messageOf(error))),
      );
  };

  replace(
    root,
    pageFrame(
      'Knowledge',
      'FAQs and help articles the bot answers from. Only published ones reach customers.',
      body,
    ),
  );
  replace(
    body,
    h(
      'nav',
      { class: 'admin-list', attrs: { 'aria-label': 'Knowledge items' } },
      tabs,
      tools,
      list,
      importExport(ctx, 'faqs', ['json', 'csv'], () => ctx.reload()),
    ),
    pane,
  );
  const parse = (value: string | undefined): [ArticleKind, string | undefined] => {
    const [k, id] = (value ?? 'faq').split(/:(.*)/s);
    return [k === 'article' ? 'article' : 'faq', id ? decodeURIComponent(id) : undefined];
  };
  const [k0, id0] = parse(item);
  loadKind(k0, id0);

  return {
    select(next) {
      const [k, id] = parse(next);
      if (k !== kind) loadKind(k, id);
      else openItem(id);
    },
    dirty: () => editor?.dirty ?? false,
    dispose: () => editor?.dispose(),
  };
};

/** A list's rows, and what is typed in its add box but not yet added. */
const withPending = (list: ListEditor): string[] => {
  const pending = list.pending();
  return [...list.values(), ...(pending ? [pending] : [])];
};

class ArticleEditor {
  readonly element: HTMLElement;
  private readonly edits: EditState;
  private readonly title: HTMLInputElement;
  private readonly bodyInput: HTMLTextAreaElement;
  private readonly preview = h('div', {
    class: 'preview markdown',
    id: 'article-preview',
    attrs: { 'aria-live': 'polite' },
  });
  private readonly alternatives: ListEditor | null;
  private readonly tags: ListEditor;
  private readonly locale: HTMLInputElement;
  private readonly published: HTMLInputElement;
  readonly status = statusLine();
  private readonly conflict = h('div', { class: 'conflict-slot' });
  private readonly head: EditorHead;
  private timer = 0;
  private previewSeq = 0;
  /** Where the item is stored (one not created yet: the collection). */
  private readonly stored: StoredAt = {
    path: () => (this.article ? `${BASE}/${encodeURIComponent(this.article.id)}` : BASE),
    key: 'article',
  };

  constructor(
    private readonly ctx: AdminContext,
    private readonly kind: ArticleKind,
    /** As last saved (the heading and the delete dialog speak of it). */
    private article: ArticleView | null,
    private readonly onSaved: (a: ArticleView, created: boolean) => void,
    private readonly onDeleted: (id: string) => void,
  ) {
    this.edits = { version: article?.version ?? 0, dirty: false };
    const faq = kind === 'faq';
    const changed = () => (this.edits.dirty = true);
    this.title = textInput(article?.title ?? '', { id: 'article-title', required: true });
    this.bodyInput = textArea(article?.body ?? '', faq ? 6 : 16, {
      id: 'article-body',
      class: 'markdown-input',
    });
    this.alternatives = faq
      ? new ListEditor({
          id: 'alternatives',
          label: 'Other ways to ask',
          itemLabel: 'Phrasing',
          addLabel: 'Add another way to ask',
          values: article?.alternatives ?? [],
          onChange: changed,
        })
      : null;
    this.tags = new ListEditor({
      id: 'article-tags',
      label: 'Tags',
      itemLabel: 'Tag',
      addLabel: 'Add a tag',
      values: article?.tags ?? [],
      onChange: changed,
    });
    this.locale = textInput(article?.locale ?? 'en', {
      id: 'article-locale',
      maxlength: 10,
      spellcheck: false,
    });
    this.published = checkbox(article?.published ?? false, { id: 'article-published' });
    this.bodyInput.addEventListener('input', () => this.schedulePreview());
    const noun = faq ? 'FAQ' : 'article';
    this.head = editorHead(
      'article-editor-title',
      article ? article.title : faq ? 'New FAQ' : 'New article',
      article,
    );
    this.element = editorForm(
      { edited: changed, save: () => void this.save() },
      'article-editor-title',
      this.head,
      this.conflict,
      field(faq ? 'Question' : 'Title', this.title),
      h(
        'div',
        { class: 'markdown-editor' },
        field(
          faq ? 'Answer (markdown)' : 'Body (markdown)',
          this.bodyInput,
          'Markdown: **bold**, _italic_, lists with -, links as [text](https://…).',
        ),
        h(
          'div',
          { class: 'field' },
          h('p', { class: 'label', id: 'preview-label' }, 'Preview'),
          this.preview,
        ),
      ),
      this.alternatives?.element ?? null,
      this.tags.element,
      h(
        'div',
        { class: 'field-grid' },
        field('Language', this.locale, 'For example en or de.'),
        field(
          'Published',
          this.published,
          `A published ${noun} is used by the bot and shown to customers; a draft is not.`,
        ),
      ),
      this.status,
      editorActions(
        article ? 'Save' : `Create ${noun}`,
        article ? button('Delete…', () => void this.remove(), 'danger') : null,
      ),
    );
    this.preview.setAttribute('aria-labelledby', 'preview-label');
    void this.renderPreview();
  }

  get id(): string | null {
    return this.article?.id ?? null;
  }

  get dirty(): boolean {
    return this.edits.dirty;
  }

  dispose(): void {
    window.clearTimeout(this.timer);
  }

  private schedulePreview(): void {
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => void this.renderPreview(), 300);
  }

  private async renderPreview(): Promise<void> {
    const seq = ++this.previewSeq;
    const markdown = this.bodyInput.value;
    if (!markdown.trim()) {
      replace(this.preview, h('p', { class: 'muted' }, 'Nothing to preview yet.'));
      return;
    }
    try {
      const { html } = await this.ctx.api.post<{ html: string }>(`${BASE}/preview`, { markdown });
      if (seq !== this.previewSeq) return;
      // The one place server HTML goes in as markup: the knowledge base's safe renderer sanitized it.
      this.preview.innerHTML = html;
      for (const a of this.preview.querySelectorAll('a')) {
        a.setAttribute('target', '_blank');
        a.setAttribute('rel', 'noopener noreferrer');
      }
    } catch (error) {
      if (seq === this.previewSeq)
        replace(this.preview, h('p', { class: 'status-error' }, `No preview: ${messageOf(error)}`));
    }
  }

  private input(): ArticleInput | string {
    const title = this.title.value.trim();
    const body = this.bodyInput.value.trim();
    if (!title) return this.kind === 'faq' ? 'Write the question.' : 'Give the article a title.';
    if (!body) return this.kind === 'faq' ? 'Write the answer.' : 'Write the article.';
    return {
      kind: this.kind,
      title,
      body,
      // Left out for an article: the server then keeps what it has (a new one gets none).
      ...(this.alternatives ? { alternatives: withPending(this.alternatives) } : {}),
      tags: withPending(this.tags),
      locale: this.locale.value.trim() || 'en',
      published: this.published.checked,
    };
  }

  private async save(): Promise<void> {
    const input = this.input();
    if (typeof input === 'string') {
      this.status.set(input, 'error');
      return;
    }
    const created = !this.article;
    await saveEdits<ArticleView>(this.ctx, this.edits, {
      what: this.kind === 'faq' ? 'FAQ' : 'article',
      status: this.status,
      conflict: this.conflict,
      stored: this.stored,
      save: async () => {
        // The kind is fixed once created (updates do not take it).
        const { kind: _kind, ...update } = input;
        void _kind;
        return unwrap<ArticleView>(
          created
            ? await this.ctx.api.post(BASE, input)
            : await this.ctx.api.put(this.stored.path(), update, this.edits.version),
          'article',
        );
      },
      savedText: input.published ? 'Saved and published.' : 'Saved as a draft.',
      onSaved: (saved) => {
        if (!created) {
          this.article = saved;
          this.head.show(saved.title, saved);
        }
        this.onSaved(saved, created);
      },
    });
  }

  private async remove(): Promise<void> {
    const article = this.article;
    if (!article) return;
    const ok = await confirmDialog(
      this.kind === 'faq' ? 'Delete this FAQ?' : 'Delete this article?',
      `“${article.title}” will be deleted and the bot stops using it right away.`,
      'Delete',
      true,
    );
    if (!ok) return;
    await saveEdits<void>(this.ctx, this.edits, {
      what: this.kind === 'faq' ? 'FAQ' : 'article',
      status: this.status,
      conflict: this.conflict,
      stored: this.stored,
      savingText: 'Deleting…',
      save: () => this.ctx.api.delete(this.stored.path(), this.edits.version),
      onSaved: () => {
        this.ctx.say(`Deleted “${article.title}”.`);
        this.onDeleted(article.id);
      },
    });
  }
}
