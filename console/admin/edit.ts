/**
 * Saving a versioned record from a form. On an edit conflict (409) nothing is lost: the form keeps
 * the admin's edits, and a notice offers to reload the other person's version or to save over it on
 * purpose (after reading the new version number).
 */
import { ApiError } from '../api';
import { replace } from '../dom';
import { isConflict } from './api';
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
