/**
 * A page that edits one versioned document as a whole (the entity set, the bot settings): it loads
 * the document, lets the page build the fields, and saves them with the version; a conflict keeps
 * the edits (edit.ts).
 */
import { h, replace } from '../dom';
import { messageOf, saveEdits, unwrap, type EditState } from './edit';
import type { AdminPage } from './types';
import { editorActions, editorForm, loading, pageFrame, statusLine } from './ui';

export interface DocumentPageSpec<T extends { version: number }> {
  title: string;
  intro: string;
  /** Read with GET, saved with PUT. */
  path: string;
  /** The key a payload may be wrapped in ({ settings: {...} }). */
  key: string;
  /** The document in the conflict messages ("entity set"). */
  what: string;
  loadingText: string;
  savedText: string;
  submitLabel: string;
  /**
   * The form's fields for the stored document, and `read`: the document to save, or what is wrong
   * with the fields (shown as the error).
   */
  fields(doc: T): { children: (Node | null)[]; read(): object | string };
}

export function documentPage<T extends { version: number }>(spec: DocumentPageSpec<T>): AdminPage {
  return (ctx, root) => {
    const edits: EditState = { version: 0, dirty: false };
    loading(root, spec.loadingText);
    ctx.api
      .get<unknown>(spec.path)
      .then((payload) => {
        if (!ctx.alive()) return;
        const doc = unwrap<T>(payload, spec.key);
        edits.version = doc.version ?? 0;
        const { children, read } = spec.fields(doc);
        const status = statusLine();
        const conflict = h('div', { class: 'conflict-slot' });
        const save = async () => {
          const value = read();
          if (typeof value === 'string') return status.set(value, 'error');
          await saveEdits<T>(ctx, edits, {
            what: spec.what,
            status,
            conflict,
            stored: { path: () => spec.path, key: spec.key },
            save: async () => unwrap<T>(await ctx.api.put(spec.path, value, edits.version), spec.key),
            savedText: spec.savedText,
          });
        };
        replace(
          root,
          pageFrame(
            spec.title,
            spec.intro,
            editorForm(
              { edited: () => (edits.dirty = true), save: () => void save() },
              null,
              conflict,
              ...children,
              status,
              editorActions(spec.submitLabel),
            ),
          ),
        );
      })
      .catch((error: unknown) => replace(root, pageFrame(spec.title, messageOf(error))));
    return { dirty: () => edits.dirty };
  };
}
