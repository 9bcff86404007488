import type { Model } from 'mongoose';
import { StoreError } from '../ports';

/**
 * MongoDB has no foreign keys; these checks give the same answer SQLite's FOREIGN KEY constraints
 * give (StoreError('not_found') for a dangling reference). They are check-then-insert, which is
 * enough here: nothing in Parley deletes customers or conversations.
 */
export async function requireExists<T>(
  model: Model<T>,
  id: string | null | undefined,
  subject: string,
  what: string,
): Promise<void> {
  if (id === null || id === undefined) return;
  if (!(await model.exists({ _id: id }))) {
    throw new StoreError('not_found', `${subject} refers to ${what} ${id}, which does not exist`);
  }
}

/** Attempts before a read-compute-write gives up under sustained contention. */
const MAX_ATTEMPTS = 10;

/**
 * Retries a read-compute-write whose write is conditional on what was read (returns null when the
 * record changed in between), so status side effects are computed from the state they replace.
 */
export async function compareAndSet<T>(subject: string, attempt: () => Promise<T | null>): Promise<T> {
  for (let i = 0; i < MAX_ATTEMPTS; i += 1) {
    const result = await attempt();
    if (result !== null) return result;
  }
  throw new StoreError('conflict', `${subject} kept changing while being updated; try again`);
}
