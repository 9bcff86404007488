/**
 * Saving a versioned record from a form. On an edit conflict (409) nothing is lost: the form keeps
 * the admin's edits, and a notice offers to reload the other person's version or to save over it on
 * purpose (after reading the new version number).
 */
import { ApiError } from '../api';
import { replace } from '../dom';
import { isConflict } from './api';
import type { AdminContext } from './types';
import { button, notice, type statusLine } from './ui';

export interface GuardedSave<T> {
  /** "intent", "article", … (for the messages). */
  what: string;
  status: ReturnType<typeof statusLine>;
  /** Where the conflict notice goes. */
  conflict: HTMLElement;
  save(): Promise<T>;
  onSaved(result: T): void;
  /** Replaces the form with the stored version (discarding the edits). */
  loadTheirs(): void;
  /** Reads the stored version number and adopts it, so the next save overwrites on purpose. */
  adoptLatestVersion(): Promise<void>;
  savingText?: string;
  savedText?: string;
}

export async function guardedSave<T>(options: GuardedSave<T>): Promise<boolean> {
  const { status, conflict } = options;
  replace(conflict);
  status.set(options.savingText ?? 'Saving…');
  try {
    const result = await options.save();
    status.set(options.savedText ?? 'Saved.', 'ok');
    options.onSaved(result);
    return true;
  } catch (error) {
    if (!isConflict(error)) {
      status.set(messageOf(error), 'error');
      return false;
    }
    status.set(`Not saved: someone else changed this ${options.what}.`, 'error');
    replace(
      conflict,
      notice(
        'warn',
        `Someone else changed this ${options.what}; reload`,
        `Another person saved a change to this ${options.what} after you opened it. Your edits are still here and have not been saved. Reload to see their version (your edits will be replaced), or save yours over theirs.`,
        button(
          'Reload their version',
          () => {
            replace(conflict);
            options.loadTheirs();
          },
          'primary',
        ),
        button('Save mine over theirs', () => {
          void options
            .adoptLatestVersion()
            .then(() => guardedSave(options))
            .catch((e: unknown) => status.set(messageOf(e), 'error'));
        }),
      ),
    );
    conflict.querySelector<HTMLElement>('button')?.focus();
    return false;
  }
}

/** What an editor keeps of the record it edits: the version its edits build on, and unsaved edits. */
export interface EditState {
  version: number;
  dirty: boolean;
}

/** Where a record is read again on a conflict: its address, and the key its payload may be wrapped in. */
export interface StoredAt {
  path(): string;
  key: string;
}

export interface SaveEdits<T> extends Omit<GuardedSave<T>, 'onSaved' | 'loadTheirs' | 'adoptLatestVersion'> {
  /** Where the stored version is read on a conflict. */
  stored: StoredAt;
  /** After the version is adopted and the edits are cleared. */
  onSaved?(result: T): void;
}

/**
 * guardedSave for an editor that renders a record from the server. A save (or a delete, `T` void)
 * adopts the saved version and clears the edits; on a conflict, "reload" drops the edits and renders
 * the page again, and "save mine over theirs" first reads the stored version.
 */
export function saveEdits<T extends { version: number } | void>(
  ctx: AdminContext,
  edits: EditState,
  options: SaveEdits<T>,
): Promise<boolean> {
  const { stored, ...rest } = options;
  return guardedSave<T>({
    ...rest,
    onSaved: (result) => {
      if (result) edits.version = result.version;
      edits.dirty = false;
      options.onSaved?.(result);
    },
    loadTheirs: () => {
      edits.dirty = false;
      ctx.reload();
    },
    adoptLatestVersion: async () => {
      edits.version = unwrap(await ctx.api.get(stored.path()), stored.key).version;
    },
  });
}

export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return 'Something went wrong. Try again.';
}

/** Resource payloads may come wrapped ({ intent: {...} }); takes the object that has a `version`. */
export function unwrap<T extends { version: number }>(payload: unknown, key: string): T {
  const p = payload as Record<string, unknown> | null;
  if (p && typeof p === 'object' && !('version' in p) && p[key] && typeof p[key] === 'object')
    return p[key] as T;
  return payload as T;
}
